import { describe, expect, it } from "vitest";
import { createNotifier, type NotificationLike } from "../../../electron/notifications.ts";
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

function setup(supported = true, bodyIsMarkup = false) {
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
    reveal: () => revealed.push(1),
    openConversation: (id) => opened.push(id),
    bodyIsMarkup,
    log: captureLog().log,
  });
  return { notifier, created, revealed, opened };
}

const WALLET_A = {
  title: "Wallet 7f3a",
  body: "Is my credential revoked?",
  conversationId: "!a:wallets.example.org",
};
const WALLET_B = { title: "Wallet 91bc", body: "Hello", conversationId: "!b:wallets.example.org" };

describe("the notifier", () => {
  it("shows what the renderer asks for (the renderer decides whether the agent is looking)", () => {
    const { notifier, created } = setup();
    notifier.notify(WALLET_B);
    expect(created.map((n) => n.options)).toEqual([{ title: "Wallet 91bc", body: "Hello", silent: false }]);
    expect(created[0]?.shown).toBe(true);
  });

  it("a click brings the window forward and opens that conversation", () => {
    const { notifier, created, revealed, opened } = setup();
    notifier.notify(WALLET_A);
    created[0]?.click();
    expect(revealed).toHaveLength(1);
    expect(opened).toEqual([WALLET_A.conversationId]);
    expect(notifier.shown).toBe(0);
  });

  it("replaces a conversation's previous notification instead of stacking them", () => {
    const { notifier, created } = setup();
    notifier.notify(WALLET_A);
    notifier.notify({ ...WALLET_A, body: "Are you there?" });
    notifier.notify(WALLET_B);
    expect(created.map((n) => n.closed)).toEqual([true, false, false]);
    expect(notifier.shown).toBe(2);
  });

  it("clears a conversation's notification when the agent opens it", () => {
    const { notifier, created } = setup();
    notifier.notify(WALLET_A);
    notifier.setOpenConversation(WALLET_A.conversationId);
    expect(created[0]?.closed).toBe(true);
    expect(notifier.shown).toBe(0);
  });

  it("shows nothing where the OS has no notifications", () => {
    const { notifier, created } = setup(false);
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
    const { notifier, created } = setup(true, true);
    notifier.notify(hostile);
    expect(created[0]!.options.body).toBe(
      "&lt;b&gt;urgent&lt;/b&gt; &lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt; " +
        "&lt;img src=&quot;file:///etc/passwd&quot;&gt; &amp; &apos;x&apos;",
    );
    expect(created[0]!.options.body).not.toMatch(/[<>]/);
  });

  it("passes the text through where the body is plain text (macOS, Windows)", () => {
    const { notifier, created } = setup(true, false);
    notifier.notify(hostile);
    expect(created[0]!.options.body).toBe(hostile.body);
  });
});
