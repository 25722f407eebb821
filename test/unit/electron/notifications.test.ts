import { describe, expect, it } from "vitest";
import { createNotifier, shouldNotify, type NotificationLike } from "../../../electron/notifications.ts";
import { captureLog } from "./log-capture.ts";

/** A hand-written fake of Electron's Notification: records show/close and lets the test click it. */
class FakeNotification implements NotificationLike {
  readonly listeners = new Map<string, Array<() => void>>();
  shown = false;
  closed = false;
  readonly options: { title: string; body: string; silent: boolean };
  constructor(options: { title: string; body: string; silent: boolean }) {
    this.options = options;
  }
  on(event: "click" | "close", listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
    for (const listener of this.listeners.get("close") ?? []) listener();
  }
  click(): void {
    for (const listener of this.listeners.get("click") ?? []) listener();
  }
}

function setup(window = { focused: true, visible: true }, supported = true, bodyIsMarkup = false) {
  const created: FakeNotification[] = [];
  const revealed: number[] = [];
  const opened: string[] = [];
  const notifier = createNotifier({
    createNotification: (options) => {
      const notification = new FakeNotification(options);
      created.push(notification);
      return notification;
    },
    isSupported: () => supported,
    window: { isFocused: () => window.focused, isVisible: () => window.visible },
    reveal: () => revealed.push(1),
    openConversation: (id) => opened.push(id),
    bodyIsMarkup,
    log: captureLog().log,
  });
  return { notifier, created, revealed, opened, window };
}

const WALLET_A = {
  title: "Wallet 7f3a",
  body: "Is my credential revoked?",
  conversationId: "!a:wallets.example.org",
};
const WALLET_B = { title: "Wallet 91bc", body: "Hello", conversationId: "!b:wallets.example.org" };

describe("when a new wallet message deserves a desktop notification", () => {
  it.each([
    [{ windowFocused: true, windowVisible: true, openConversationId: "!a:x" }, "!a:x", false],
    [{ windowFocused: true, windowVisible: true, openConversationId: "!b:x" }, "!a:x", true],
    [{ windowFocused: true, windowVisible: true, openConversationId: null }, "!a:x", true],
    [{ windowFocused: false, windowVisible: true, openConversationId: "!a:x" }, "!a:x", true],
    [{ windowFocused: true, windowVisible: false, openConversationId: "!a:x" }, "!a:x", true],
  ])("%o, message in %s → %s", (view, conversationId, expected) => {
    expect(shouldNotify(conversationId, view)).toBe(expected);
  });
});

describe("the notifier", () => {
  it("stays quiet for the conversation the agent is reading in the focused window", () => {
    const { notifier, created } = setup();
    notifier.setOpenConversation(WALLET_A.conversationId);
    notifier.notify(WALLET_A);
    expect(created).toHaveLength(0);
    notifier.notify(WALLET_B);
    expect(created.map((n) => n.options)).toEqual([{ title: "Wallet 91bc", body: "Hello", silent: false }]);
    expect(created[0]?.shown).toBe(true);
  });

  it("notifies for the open conversation once the window loses focus", () => {
    const { notifier, created, window } = setup();
    notifier.setOpenConversation(WALLET_A.conversationId);
    window.focused = false;
    notifier.notify(WALLET_A);
    expect(created).toHaveLength(1);
  });

  it("a click brings the window forward and opens that conversation", () => {
    const { notifier, created, revealed, opened } = setup({ focused: false, visible: false });
    notifier.notify(WALLET_A);
    created[0]?.click();
    expect(revealed).toHaveLength(1);
    expect(opened).toEqual([WALLET_A.conversationId]);
    expect(notifier.shown).toBe(0);
  });

  it("replaces a conversation's previous notification instead of stacking them", () => {
    const { notifier, created } = setup({ focused: false, visible: true });
    notifier.notify(WALLET_A);
    notifier.notify({ ...WALLET_A, body: "Are you there?" });
    notifier.notify(WALLET_B);
    expect(created.map((n) => n.closed)).toEqual([true, false, false]);
    expect(notifier.shown).toBe(2);
  });

  it("clears a conversation's notification when the agent opens it", () => {
    const { notifier, created } = setup({ focused: false, visible: true });
    notifier.notify(WALLET_A);
    notifier.setOpenConversation(WALLET_A.conversationId);
    expect(created[0]?.closed).toBe(true);
    expect(notifier.shown).toBe(0);
  });

  it("shows nothing where the OS has no notifications", () => {
    const { notifier, created } = setup({ focused: false, visible: false }, false);
    notifier.notify(WALLET_A);
    expect(created).toHaveLength(0);
  });
});

describe("notification bodies on Linux (libnotify reads them as markup)", () => {
  const hostile = {
    title: "Wallet 7f3a",
    body: `<b>urgent</b> <a href="https://evil.example">click</a> <img src="file:///etc/passwd"> & 'x'`,
    conversationId: "!h:wallets.example.org",
  };

  it("escapes every markup character of the body, so it shows as the wallet typed it", () => {
    const { notifier, created } = setup({ focused: false, visible: true }, true, true);
    notifier.notify(hostile);
    expect(created[0]!.options.body).toBe(
      "&lt;b&gt;urgent&lt;/b&gt; &lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt; " +
        "&lt;img src=&quot;file:///etc/passwd&quot;&gt; &amp; &apos;x&apos;",
    );
    expect(created[0]!.options.body).not.toMatch(/[<>]/);
  });

  it("passes the text through where the body is plain text (macOS, Windows)", () => {
    const { notifier, created } = setup({ focused: false, visible: true }, true, false);
    notifier.notify(hostile);
    expect(created[0]!.options.body).toBe(hostile.body);
  });
});
