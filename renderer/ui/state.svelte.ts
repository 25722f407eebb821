// The UI's own state for a signed-in console — which view is showing, which conversation is open, which
// overlay is up — shared with every component through Svelte context. The core owns everything else.
import { getContext, setContext } from "svelte";
import type { SupportConsole } from "../core/console.ts";
import type { ImageSource } from "../core/media/index.ts";
import type { Recovery } from "../core/recovery/recovery.ts";

export type View = "conversations" | "broadcast" | "settings";

export class Workbench {
  view: View = $state("conversations");
  /** The conversation the agent chose (it opens in the centre pane). */
  selectedRoomId: string | null = $state(null);
  switcherOpen = $state(false);
  lightbox: { source: ImageSource; name: string } | null = $state(null);
  /** The console's recovery (cross-signing, key backup), once its client exists. */
  recovery: Recovery | null = $state(null);
  /** A settings section to bring into view when Settings opens (e.g. from the encryption banner). */
  settingsSection: string | null = $state(null);

  openSettings(section: string | null = null): void {
    this.settingsSection = section;
    this.view = "settings";
  }

  open(roomId: string): void {
    this.selectedRoomId = roomId;
    this.view = "conversations";
  }
}

const CONSOLE = Symbol("console");
const WORKBENCH = Symbol("workbench");

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
