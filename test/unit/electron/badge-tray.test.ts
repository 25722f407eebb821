import { describe, expect, it } from "vitest";
import { applyUnreadCount, badgeLabel, overlayDot, unreadDescription } from "../../../electron/badge.ts";
import {
  createTray,
  decideClose,
  trayMenuTemplate,
  trayTooltip,
  type TrayLike,
  type TrayMenuItem,
} from "../../../electron/tray.ts";

describe("the unread badge", () => {
  it.each([
    [0, ""],
    [1, "1"],
    [99, "99"],
    [100, "99+"],
  ])("%i unread shows %j", (count, label) => {
    expect(badgeLabel(count)).toBe(label);
  });

  function surface(platform: NodeJS.Platform) {
    const calls: unknown[][] = [];
    return {
      calls,
      surface: {
        platform,
        setBadgeCount: (count: number) => (calls.push(["badge", count]), true),
        setOverlayIcon: (image: string | null, description: string) =>
          void calls.push(["overlay", image, description]),
        overlayImage: () => "red-dot",
      },
    };
  }

  it.each(["darwin", "linux"] as const)("uses the dock/launcher badge on %s", (platform) => {
    const { calls, surface: target } = surface(platform);
    expect(applyUnreadCount(3, target)).toBe("badge");
    applyUnreadCount(0, target);
    expect(calls).toEqual([
      ["badge", 3],
      ["badge", 0],
    ]);
  });

  it("uses an overlay icon with the count in its description on Windows", () => {
    const { calls, surface: target } = surface("win32");
    expect(applyUnreadCount(2, target)).toBe("overlay");
    applyUnreadCount(0, target);
    expect(calls).toEqual([
      ["overlay", "red-dot", "2 unread conversations"],
      ["overlay", null, "No unread conversations"],
    ]);
  });

  it("draws a round red dot: opaque centre, transparent corners", () => {
    const { buffer, width, height } = overlayDot(16);
    expect([width, height, buffer.length]).toEqual([16, 16, 16 * 16 * 4]);
    const pixel = (x: number, y: number) => [...buffer.subarray((y * 16 + x) * 4, (y * 16 + x) * 4 + 4)];
    expect(pixel(8, 8)).toEqual([0x25, 0x30, 0xd9, 0xff]);
    expect(pixel(0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(15, 15)).toEqual([0, 0, 0, 0]);
  });
});

/** A hand-written fake of Electron's Tray. */
class FakeTray implements TrayLike {
  tooltip = "";
  menu: unknown = null;
  destroyed = false;
  readonly clicks: Array<() => void> = [];
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  on(_event: "click", listener: () => void): this {
    this.clicks.push(listener);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

describe("the tray", () => {
  it("offers Show, the unread count (not clickable) and Quit", () => {
    const template = trayMenuTemplate({
      productName: "Acme Support",
      unread: 3,
      onShow: () => {},
      onQuit: () => {},
    });
    expect(template.map(({ label, type, enabled }) => ({ label, type, enabled }))).toEqual([
      { label: "Show Acme Support", type: undefined, enabled: undefined },
      { label: "3 unread conversations", type: undefined, enabled: false },
      { label: undefined, type: "separator", enabled: undefined },
      { label: "Quit", type: undefined, enabled: undefined },
    ]);
    expect(trayTooltip("Acme Support", 1)).toBe("Acme Support: 1 unread conversation");
    expect(trayTooltip("Acme Support", 0)).toBe("Acme Support");
    expect(unreadDescription(0)).toBe("No unread conversations");
  });

  it("updates its menu and tooltip with the unread count, and its items do what they say", () => {
    const tray = new FakeTray();
    const events: string[] = [];
    const controller = createTray({
      tray,
      buildMenu: (template: TrayMenuItem[]) => template,
      productName: "Acme Support",
      onShow: () => events.push("show"),
      onQuit: () => events.push("quit"),
    });
    expect(tray.tooltip).toBe("Acme Support");
    controller.setUnread(5);
    expect(tray.tooltip).toBe("Acme Support: 5 unread conversations");
    const menu = tray.menu as TrayMenuItem[];
    expect(menu[1]?.label).toBe("5 unread conversations");
    menu[0]?.click?.();
    menu[3]?.click?.();
    tray.clicks[0]?.();
    expect(events).toEqual(["show", "quit", "show"]);
    controller.destroy();
    expect(tray.destroyed).toBe(true);
  });

  it.each([
    [{ closeToTray: true, trayAvailable: true, quitting: false }, "hide"],
    [{ closeToTray: true, trayAvailable: true, quitting: true }, "close"],
    [{ closeToTray: true, trayAvailable: false, quitting: false }, "close"],
    [{ closeToTray: false, trayAvailable: true, quitting: false }, "close"],
  ] as const)("closing the window with %o → %s", (state, action) => {
    expect(decideClose(state)).toBe(action);
  });
});
