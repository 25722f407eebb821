// The UI's own state for a signed-in console — which view is showing, which conversation is open, which
// overlay is up — shared with every component through Svelte context. The core owns everything else.
import { getContext, setContext } from "svelte";
import type { SupportConsole } from "../core/console.ts";
import type { Desk } from "../core/desk/desk.ts";
import type { Inbox } from "../core/inbox/inbox.ts";
import type { ImageSource } from "../core/media/index.ts";
import type { Readable } from "../core/observable.ts";

export type View = "conversations" | "broadcast" | "metrics" | "settings";

export class Workbench {
  view: View = $state("conversations");
  /** The conversation the agent chose (it opens in the centre pane). */
  selectedRoomId: string | null = $state(null);
  switcherOpen = $state(false);
  lightbox: { source: ImageSource; name: string } | null = $state(null);
  /** A settings section to bring into view when Settings opens (e.g. from the encryption banner). */
  settingsSection: string | null = $state(null);
  /** A message to jump to in the selected conversation (a search result), until the conversation takes it. */
  focusEventId: string | null = $state(null);
  /** The export dialog (one conversation, or every conversation when null) and the forget confirmation. */
  exporting: { roomId: string | null } | null = $state(null);
  forgetting: string | null = $state(null);
  /** A one-line outcome to show in the centre pane (e.g. "Conversation forgotten"). */
  notice: string | null = $state(null);

  openSettings(section: string | null = null): void {
    this.settingsSection = section;
    this.view = "settings";
  }

  open(roomId: string): void {
    this.selectedRoomId = roomId;
    this.focusEventId = null;
    this.notice = null;
    this.view = "conversations";
  }

  /** Opens a conversation at one of its messages (a search result). */
  openAt(roomId: string, eventId: string): void {
    this.selectedRoomId = roomId;
    this.focusEventId = eventId;
    this.view = "conversations";
  }
}

const CONSOLE = Symbol("console");
const WORKBENCH = Symbol("workbench");
const INBOX = Symbol("inbox");

export function provideConsole(app: SupportConsole): void {
  setContext(CONSOLE, app);
}

export function useConsole(): SupportConsole {
  return getContext<SupportConsole>(CONSOLE);
}

export function provideWorkbench(workbench: Workbench): void {
  setContext(WORKBENCH, workbench);
}

export function useWorkbench(): Workbench {
  return getContext<Workbench>(WORKBENCH);
}

/** The signed-in session's inbox (the workspace exists only while there is one). */
export function provideInbox(inbox: Inbox): void {
  setContext(INBOX, inbox);
}

export function useInbox(): Inbox {
  return getContext<Inbox>(INBOX);
}

/** The signed-in session's desk: null until its client exists (the saved inbox shows before that). */
export function useDesk(): Readable<Desk | null> {
  return useConsole().desk;
}
