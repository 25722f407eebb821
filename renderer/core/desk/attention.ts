// Whether the agent is looking at a conversation: the one place that decides it. The window's focus and
// visibility come from the UI (it alone sees the document), the open conversation from the desk. Notifications,
// read markers ("a message arriving in the conversation on screen is read") and the shell all ask here.
// Also whether background work such as the search backfill should wait: while the agent is busy (typing,
// scrolling), and while a new device's inbox is still filling — every request the backfill sends then competes
// with the inbox's own pages on the server (profiled at 1,000 conversations: 46 history pages during the fill).
import { Observable, type Readable } from "../observable.ts";

export interface AttentionState {
  /** The window is focused and visible (a click or key press also counts: window managers lie). */
  windowFocused: boolean;
  /** The conversation in the centre pane, or null. */
  openConversation: string | null;
  /** Its wallet user (every room of that wallet is the same conversation). */
  openWallet: string | null;
}

/** How long after the agent's last key press or scroll they still count as busy. */
export const BUSY_QUIET_MS = 2500;

export class Attention {
  private readonly state = new Observable<AttentionState>({
    windowFocused: true,
    openConversation: null,
    openWallet: null,
  });
  private lastActivity = Number.NEGATIVE_INFINITY;
  private inboxFilling = false;

  get view(): Readable<AttentionState> {
    return this.state;
  }

  /** True when the agent is looking at this conversation right now. */
  isWatching(roomId: string, walletUserId?: string): boolean {
    const { windowFocused, openConversation, openWallet } = this.state.get();
    return windowFocused && (openConversation === roomId || (!!walletUserId && openWallet === walletUserId));
  }

  /** The agent typed, scrolled or clicked at `at` (the desk's clock). */
  noteActivity(at: number): void {
    this.lastActivity = at;
  }

  /** The inbox is (or is no longer) paging in rooms the console has never listed. */
  setInboxFilling(filling: boolean): void {
    this.inboxFilling = filling;
  }

  /** Whether the inbox is still paging in rooms (rows arriving now were there before this device looked). */
  get filling(): boolean {
    return this.inboxFilling;
  }

  /** Whether background work waits: the agent did something less than `quietMs` before `now`, or the inbox fills. */
  isBusy(now: number, quietMs = BUSY_QUIET_MS): boolean {
    return this.inboxFilling || now - this.lastActivity < quietMs;
  }

  setWindowFocused(focused: boolean): void {
    this.state.update((s) => (s.windowFocused === focused ? s : { ...s, windowFocused: focused }));
  }

  setOpenConversation(roomId: string | null, walletUserId: string | null = null): void {
    this.state.update((s) =>
      s.openConversation === roomId && s.openWallet === walletUserId
        ? s
        : { ...s, openConversation: roomId, openWallet: walletUserId },
    );
  }
}
