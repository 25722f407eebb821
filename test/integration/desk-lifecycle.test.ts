// The session-lifetime desk against a real Synapse: signing out and in as another account leaves nothing of the
// first session reachable from the console, and nothing of it hears the new session's events.
import { afterAll, describe, expect, it } from "vitest";
import { Session } from "../../renderer/core/session/session.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import { deskOf, signedInConsole } from "../harness/console.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

const stops: Array<() => void> = [];
afterAll(() => stops.forEach((s) => s()));

/** Every object the desk holds for its session (the ones a stale reference could leak). */
function sessionObjects(desk: ReturnType<typeof deskOf>): Record<string, unknown> {
  return {
    client: desk.client,
    session: desk.session,
    inbox: desk.inbox,
    taps: desk.taps,
    ingest: desk.ingest,
    outbox: desk.outbox,
    invites: desk.invites,
    media: desk.media,
    recovery: desk.recovery,
    broadcast: desk.broadcast,
    conversations: desk.conversations,
    attention: desk.attention,
    subscriptions: desk.subscriptions,
    ...desk.features,
  };
}

describe("one desk per signed-in session", () => {
  it("sign out, sign in as another account: no object of the first session is reachable or hears events", async () => {
    const first = await signedInConsole();
    const c = first.console;
    stops.push(() => void c.stop());
    const firstDesk = deskOf(c);
    const before = sessionObjects(firstDesk);

    // The first session at work: a wallet's conversation, open in the centre pane.
    const oldWallet: Wallet = await newWallet(first.account.userId, "e2ee");
    stops.push(() => oldWallet.stop());
    const oldRoom = await oldWallet.startSupportChat();
    await waitFor("the first session lists its wallet", () => firstDesk.inbox.get(oldRoom));
    expect(firstDesk.conversations.open(oldRoom)).not.toBeNull();

    await c.signOut();
    expect(c.desk.get()).toBeNull();
    expect(c.inbox.get()).toBeNull();
    expect(c.phase.get()).toBe("signed-out");
    expect(firstDesk.phase.get()).toBe("disposed");
    expect(firstDesk.client.clientRunning).toBe(false);
    expect(firstDesk.conversations.current.get()).toBeNull();
    // A disposed desk refuses to open anything for anyone holding a stale reference.
    expect(firstDesk.conversations.open(oldRoom)).toBeNull();

    const other = await newSupportAccount();
    await c.signIn({ userId: other.userId, password: other.password, homeserverUrl: testHomeserver().url });
    await waitFor("the second session's desk", () => c.phase.get() === "ready" && c.desk.get());
    const secondDesk = deskOf(c);
    expect(secondDesk.userId).toBe(other.userId);
    const after = sessionObjects(secondDesk);
    for (const [name, value] of Object.entries(after)) {
      expect(Object.values(before), `${name} of the first session is reused`).not.toContain(value);
    }
    expect(c.inbox.get()).toBe(secondDesk.inbox);
    expect(secondDesk.inbox.get(oldRoom)).toBeUndefined();

    // Events of the new session reach the new desk only.
    const heardByFirst: string[] = [];
    firstDesk.taps.onRoom((roomId) => heardByFirst.push(roomId));
    firstDesk.inbox.onChange((row) => heardByFirst.push(row.roomId));
    const firstInvites = firstDesk.invites.log.get().length;
    const newWalletOfOther: Wallet = await newWallet(other.userId, "e2ee");
    stops.push(() => newWalletOfOther.stop());
    const newRoom = await newWalletOfOther.startSupportChat();
    await waitFor("the second desk lists the new wallet", () => secondDesk.inbox.get(newRoom));
    await newWalletOfOther.sendText("Hello from the second session's wallet");
    await waitFor(
      "the second desk shows the message",
      () => secondDesk.inbox.get(newRoom)?.preview?.text === "Hello from the second session's wallet",
    );
    expect(heardByFirst).toEqual([]);
    expect(firstDesk.invites.log.get()).toHaveLength(firstInvites);
    expect(firstDesk.inbox.get(newRoom)).toBeUndefined();
  });

  it("stopping while the session is still starting stops what it started and publishes no desk", async () => {
    const { console: c, account } = await signedInConsole();
    stops.push(() => void c.stop());
    await c.stop();
    // Resume the saved session and stop at once: the run is disposed before its desk exists.
    const starting = c.start((await Session.restore(c.sessionContext))!);
    await c.stop();
    await starting;
    expect(c.desk.get()).toBeNull();
    expect(c.inbox.get()).not.toBeNull(); // the stopped run's inbox, until the next start replaces it
    // The same account starts cleanly afterwards (the first client was stopped, not left holding its store).
    await c.start((await Session.restore(c.sessionContext))!);
    expect(deskOf(c).userId).toBe(account.userId);
    expect(c.phase.get()).toBe("ready");
  });
});
