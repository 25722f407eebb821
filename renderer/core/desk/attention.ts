// Whether the agent is looking at a conversation: the one place that decides it. The window's focus and
// visibility come from the UI (it alone sees the document), the open conversation from the desk. Notifications,
// read markers ("a message arriving in the conversation on screen is read") and the shell all ask here.
import { Observable, type Readable } from "../observable.ts";

export interface AttentionState {
  /** The window is focused and visible (a click or key press also counts: window managers lie). */
  windowFocused: boolean;
  /** The conversation in the centre pane, or null. */
  openConversation: string | null;
}

export class Attention {
  private readonly state = new Observable<AttentionState>({ windowFocused: true, openConversation: null });

  get view(): Readable<AttentionState> {
    return this.state;
  }

  /** True when the agent is looking at this conversation right now. */
  isWatching(roomId: string): boolean {
    const { windowFocused, openConversation } = this.state.get();
    return windowFocused && openConversation === roomId;
  }

  setWindowFocused(focused: boolean): void {
    this.state.update((s) => (s.windowFocused === focused ? s : { ...s, windowFocused: focused }));
  }

  setOpenConversation(roomId: string | null): void {
    this.state.update((s) => (s.openConversation === roomId ? s : { ...s, openConversation: roomId }));
  }
}
