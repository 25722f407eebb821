// The tray icon: a menu with Show, the unread count and Quit, a tooltip with the count, and the
// close-to-tray decision (closing the window hides it while the tray is there to bring it back).
import { unreadDescription } from "./badge.ts";

export interface TrayMenuItem {
  label?: string;
  type?: "normal" | "separator";
  enabled?: boolean;
  click?: () => void;
}

export function trayMenuTemplate(options: {
  productName: string;
  unread: number;
  onShow: () => void;
  onQuit: () => void;
}): TrayMenuItem[] {
  return [
    { label: `Show ${options.productName}`, click: options.onShow },
    { label: unreadDescription(options.unread), enabled: false },
    { type: "separator" },
    { label: "Quit", click: options.onQuit },
  ];
}

export function trayTooltip(productName: string, unread: number): string {
  return unread > 0 ? `${productName}: ${unreadDescription(unread).toLowerCase()}` : productName;
}

/** The slices of Electron's Tray and Menu used here. */
export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: "click", listener: () => void): unknown;
  destroy(): void;
}

export interface TrayController {
  setUnread(count: number): void;
  destroy(): void;
}

export function createTray(options: {
  tray: TrayLike;
  /** Menu.buildFromTemplate. */
  buildMenu: (template: TrayMenuItem[]) => unknown;
  productName: string;
  onShow: () => void;
  onQuit: () => void;
}): TrayController {
  const { tray, productName } = options;
  const render = (unread: number): void => {
    tray.setToolTip(trayTooltip(productName, unread));
    tray.setContextMenu(options.buildMenu(trayMenuTemplate({ ...options, unread })));
  };
  // A left click shows the window (Windows, some Linux trays); the menu opens on right click everywhere.
  tray.on("click", options.onShow);
  render(0);
  let last = 0;
  return {
    setUnread(count) {
      if (count === last) return;
      last = count;
      render(count);
    },
    destroy: () => tray.destroy(),
  };
}

/** What closing the window does: hide to the tray, or really close (and, with one window, quit). */
export function decideClose(state: {
  closeToTray: boolean;
  trayAvailable: boolean;
  quitting: boolean;
}): "hide" | "close" {
  return state.closeToTray && state.trayAvailable && !state.quitting ? "hide" : "close";
}
