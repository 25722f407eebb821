// The team features through the real core, with two agents' devices of one support account in the same process
// (two desks, two rust-crypto machines) against Synapse and a simulated AltMe wallet: the staff room both find,
// claims, notes, status and its reopening, labels, canned replies edited at once, collision hints, a signed-out
// device's claim, and a wallet with two rooms shown as one conversation. Latencies are printed, never asserted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemorySecretStore } from "../../renderer/core/platform/memory.ts";
import { TeamError } from "../../renderer/core/staff/errors.ts";
import { deleteDevices } from "../bench/http.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import { deskOf, signedInConsole, type TestConsole } from "../harness/console.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { staffRoomsOnServer, staffState } from "../harness/staff-state.ts";
import { waitFor } from "../harness/wait.ts";
import { leaksOf, watchWallet } from "../harness/wallet-sight.ts";
import type { Wallet } from "../harness/wallet.ts";

let account: RegisteredUser;
let a: TestConsole;
let b: TestConsole;
const stops: Array<() => unknown> = [];
const timings: Array<[string, number]> = [];

const features = (c: TestConsole) => deskOf(c.console).features;
const deviceOf = (c: TestConsole) => c.console.session!.credentials.deviceId;
const row = (c: TestConsole, roomId: string) => deskOf(c.console).inbox.conversation(roomId);

async function timedWait<T>(
  what: string,
  probe: () => T | Promise<T>,
  options?: Parameters<typeof waitFor>[2],
): Promise<NonNullable<T>> {
  const started = performance.now();
  const value = await waitFor(what, probe, options);
  timings.push([what, performance.now() - started]);
  return value;
}

async function walletConversation(first = "Hello support"): Promise<{ wallet: Wallet; roomId: string }> {
  const wallet = await newWallet(account.userId, "e2ee");
  stops.push(() => wallet.stop());
  const roomId = await wallet.startSupportChat();
  await waitFor("the conversation on both devices", () => row(a, roomId) && row(b, roomId));
  await wallet.sendText(first);
  await waitFor("the message on both devices", () => row(a, roomId)?.walletTs && row(b, roomId)?.walletTs);
  return { wallet, roomId };
}

beforeAll(async () => {
  account = await newSupportAccount();
  a = await signedInConsole({}, account);
  stops.push(() => a.console.stop());
  b = await signedInConsole({}, account, new MemorySecretStore());
  stops.push(() => b.console.stop());
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  if (timings.length) {
    console.log(
      "[team] timings:\n" + timings.map(([s, ms]) => `  ${s}: ${(ms / 1000).toFixed(2)} s`).join("\n"),
    );
  }
});

describe("a support team on two devices of one account", () => {
  it("both devices, asking for the staff room at the same moment, end up writing to the same one", async () => {
    const [roomA, roomB] = await Promise.all([features(a).staff.room(), features(b).staff.room()]);
    const created = new Set([roomA, roomB]).size;
    // Names given at once, before the devices know of each other's room: each goes into the room its device
    // writes to then (two rooms when both created one), and reaches the other device from there or from the
    // oldest room, where a device publishes its name again once it writes there.
    await Promise.all([features(a).staff.agents.setName("Alice"), features(b).staff.agents.setName("Bob")]);
    // Whichever rooms exist, both devices list them all and write into the same (oldest) one. (At least
    // `created`: a retry of this test finds the rooms its first attempt made.)
    const staffRooms = () => ({ a: features(a).staff.rooms.get(), b: features(b).staff.rooms.get() });
    await timedWait(
      "the staff rooms to converge on both devices",
      () => {
        const { a: ra, b: rb } = staffRooms();
        return ra.length >= created && ra.length === rb.length && ra[0] === rb[0];
      },
      { timeoutMs: 60_000, state: staffRooms },
    );
    const indexed = (c: TestConsole, device: string) =>
      features(c)
        .staff.index.agents.get()
        .some((r) => r.agent === device);
    const names = () => ({
      bobOnA: features(a).staff.agents.nameOf(deviceOf(b)),
      aliceOnB: features(b).staff.agents.nameOf(deviceOf(a)),
      ownOnA: indexed(a, deviceOf(a)),
      ownOnB: indexed(b, deviceOf(b)),
    });
    const onServer = async () => ({
      names: names(),
      a: staffState(deskOf(a.console)),
      b: staffState(deskOf(b.console)),
      server: await staffRoomsOnServer(deskOf(a.console)),
    });
    await timedWait(
      "each agent's name on the other device, and each device's own profile indexed",
      () => {
        const n = names();
        // A device's own records come back to it through the sync like everyone's (its notes rely on that).
        return n.bobOnA === "Bob" && n.aliceOnB === "Alice" && n.ownOnA && n.ownOnB;
      },
      { timeoutMs: 60_000, state: onServer },
    );
    console.log(`[team] staff rooms created by the two devices at once: ${created}`);
  });

  it("a claim on device A shows on device B; release too", async () => {
    const { roomId } = await walletConversation();
    const started = performance.now();
    await features(a).status.claim(roomId);
    await timedWait("A's claim on B", () => {
      const r = row(b, roomId);
      return r && features(b).status.claimantOf(r) === deviceOf(a);
    });
    timings.push(["claim on A → visible on B (from the call)", performance.now() - started]);
    await features(b).status.release(roomId);
    await timedWait("B's release on A", () => {
      const r = row(a, roomId);
      return r && features(a).status.claimantOf(r) === null;
    });
    // Both activity lines reach both devices.
    await waitFor("the claim and release lines on A", () => {
      const actions = features(a)
        .notes.timeline(row(a, roomId)!.walletUserId)
        .get()
        .map((i) => i.kind === "activity" && i.action);
      return actions.includes("claimed") && actions.includes("released");
    });
  });

  it("a note written on A is readable on B (end-to-end encrypted), with its author; a 64 KB note too", async () => {
    const { wallet, roomId } = await walletConversation();
    await features(a).notes.send(wallet.userId, "Wallet says it lost its seed phrase; do not ask for it.");
    const note = await timedWait("A's note on B", () =>
      features(b)
        .notes.timeline(wallet.userId)
        .get()
        .find((i) => i.kind === "note"),
    );
    if (note.kind !== "note") throw new Error("not a note");
    expect(note).toMatchObject({
      agent: deviceOf(a),
      body: "Wallet says it lost its seed phrase; do not ask for it.",
      state: "sent",
    });
    expect(features(b).staff.agents.nameOf(note.agent)).toBe("Alice");
    // On the server the note is ciphertext.
    const staffRoom = features(a).staff.rooms.get()[0]!;
    const raw = (await deskOf(a.console).client.createMessagesRequest(staffRoom, null, 20, "b" as never))
      .chunk;
    expect(raw.some((e) => e.type === "org.walletsupport.note")).toBe(false);
    expect(JSON.stringify(raw)).not.toContain("seed phrase");

    const long = "Étape suivante : vérifier l'émetteur. ".repeat(2000).slice(0, 64 * 1024);
    await features(a).notes.send(wallet.userId, long);
    const big = await timedWait("A's 64 KB note on B, whole", () =>
      features(b)
        .notes.timeline(wallet.userId)
        .get()
        .find((i) => i.kind === "note" && i.body === long && !i.incomplete),
    );
    expect(big.kind === "note" && big.body.length).toBe(64 * 1024);
    expect(row(b, roomId)).toBeTruthy();
  });

  it("resolved on A, the wallet writes, and the conversation is Open again on both devices", async () => {
    const { wallet, roomId } = await walletConversation();
    await features(a).status.resolve(roomId);
    await timedWait("Resolved on B", () => features(b).status.statusOf(row(b, roomId)!) === "resolved");
    await wallet.sendText("Actually, one more question");
    await timedWait(
      "reopened on both",
      () =>
        features(a).status.statusOf(row(a, roomId)!) === "open" &&
        features(b).status.statusOf(row(b, roomId)!) === "open",
    );
    // The tab counts agree.
    await waitFor(
      "the Open tab to count it on B",
      () => (deskOf(b.console).inbox.view.get().tallies.status?.open ?? 0) > 0,
    );
  });

  it("a snooze in the past is refused and changes nothing", async () => {
    const { roomId } = await walletConversation();
    const before = row(a, roomId)!.ext?.team;
    const error = await features(a)
      .status.snooze(roomId, Date.now() - 60_000)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeamError);
    expect((error as TeamError).code).toBe("snooze-in-past");
    expect(row(a, roomId)!.ext?.team).toBe(before);
  });

  it("a label whose name is HTML is stored as that text and filters the inbox on the other device", async () => {
    const { roomId } = await walletConversation();
    const name = "<img src=x onerror=alert(1)> verifier";
    const id = await features(a).status.labels.create(name);
    await waitFor("the label on A", () => features(a).status.labels.get(id));
    await features(a).status.setLabel(roomId, id, true);
    await timedWait("the label on B", () => features(b).status.labels.get(id)?.value.name === name);
    await waitFor("the conversation labelled on B", () =>
      row(b, roomId)?.ext?.team?.labels?.labels.includes(id),
    );
    const inbox = deskOf(b.console).inbox;
    inbox.select("status", "open");
    inbox.select("label", id);
    await waitFor("B's label filter to show it", () =>
      inbox.view.get().rows.some((r) => r.roomId === roomId),
    );
    inbox.select("label", "any");
  });

  it("two agents saving the same canned reply at once: one wins, the other's version is kept as a conflict", async () => {
    const canned = { title: "Reset", shortcut: "reset", en: "Open Settings.", fr: "Ouvrez les paramètres." };
    const saved = await features(a).canned.save(null, canned, null);
    expect(saved.status).toBe("saved");
    const id = (saved as { id: string }).id;
    const base = await waitFor("the reply on both", () => {
      const va = features(a)
        .canned.replies.get()
        .find((r) => r.id === id)?.version;
      const vb = features(b)
        .canned.replies.get()
        .find((r) => r.id === id)?.version;
      return va && va === vb ? va : null;
    });
    // Both edit from the same version and save before seeing each other's write.
    await Promise.all([
      features(a).canned.save(id, { ...canned, en: "Alice's version" }, base),
      features(b).canned.save(id, { ...canned, en: "Bob's version" }, base),
    ]);
    // Each device settles the race the same way: the server's state holds one, the other is kept as a conflict.
    const settled = (c: TestConsole) => {
      const conflict = features(c)
        .canned.conflicts.get()
        .find((x) => x.id === id);
      const current = features(c)
        .canned.replies.get()
        .find((r) => r.id === id)?.value.en;
      return conflict && current && current !== conflict.lost.en ? { current, lost: conflict.lost.en } : null;
    };
    const onA = await timedWait("the overwritten version kept as a conflict on A", () => settled(a));
    const onB = await waitFor("the same on B", () => settled(b));
    expect(onB).toEqual(onA);
    expect([onA.current, onA.lost].sort()).toEqual(["Alice's version", "Bob's version"]);
    // A later edit from a stale version is not written: the agent is shown theirs first.
    const stale = await features(b).canned.save(id, { ...canned, en: "Bob again" }, base);
    expect(stale.status).toBe("changed-meanwhile");
  });

  it("another agent typing in a conversation shows on this device within seconds, and the hint expires", async () => {
    const { wallet, roomId } = await walletConversation();
    deskOf(a.console).conversations.open(roomId);
    features(a).presence.typing(wallet.userId);
    const others = features(b).presence.others(wallet.userId);
    await timedWait("A typing, seen on B", () =>
      others.get().some((o) => o.agent === deviceOf(a) && o.activity === "typing"),
    );
    features(a).presence.stoppedTyping(wallet.userId);
    await waitFor("A back to viewing on B", () =>
      others.get().some((o) => o.agent === deviceOf(a) && o.activity === "viewing"),
    );
    deskOf(a.console).conversations.close();
    await waitFor("A gone from the conversation on B", () => others.get().length === 0);
  });

  it("the wallet learns nothing: no agent name, claim, status, label, note or hint in anything it syncs", async () => {
    const { wallet, roomId } = await walletConversation("Is anyone there?");
    const marker = `m${Math.random().toString(36).slice(2, 10)}`;
    const nameA = `Agent Alpha ${marker}`;
    const nameB = `Agent Beta ${marker}`;
    const noteText = `Private note ${marker}: the wallet seems to have lost its phrase`;
    const labelName = `Label ${marker}`;
    // Everything the wallet's own client is handed outside room timelines, from now on.
    const watching = watchWallet(wallet);

    // The team does all it can about this conversation, and device B sees every part of it.
    await features(a).staff.agents.setName(nameA);
    await features(b).staff.agents.setName(nameB);
    await features(a).status.claim(roomId);
    const label = await features(a).status.labels.create(labelName);
    await waitFor("the label on A", () => features(a).status.labels.get(label));
    await features(a).status.setLabel(roomId, label, true);
    await features(a).notes.send(wallet.userId, noteText);
    deskOf(a.console).conversations.open(roomId);
    features(a).presence.typing(wallet.userId);
    await features(b).status.snooze(roomId, Date.now() + 3_600_000);
    await timedWait("all of it on the other device", () => {
      const r = row(b, roomId);
      const onA = row(a, roomId);
      return (
        r &&
        onA &&
        features(b).status.claimantOf(r) === deviceOf(a) &&
        r.ext?.team?.labels?.labels.includes(label) &&
        features(a).status.statusOf(onA) === "snoozed" &&
        features(b).staff.agents.nameOf(deviceOf(a)) === nameA &&
        features(a).staff.agents.nameOf(deviceOf(b)) === nameB &&
        features(b)
          .notes.timeline(wallet.userId)
          .get()
          .some((i) => i.kind === "note" && i.body === noteText) &&
        features(b)
          .presence.others(wallet.userId)
          .get()
          .some((o) => o.agent === deviceOf(a) && o.activity === "typing")
      );
    });
    features(a).presence.stoppedTyping(wallet.userId);
    // A reply written after all of that: once the wallet has it, its sync has passed every write above.
    const conversation = deskOf(a.console).conversations.current.get()!;
    await waitFor("the wallet's devices", () => conversation.view.get().walletCanDecrypt === true);
    const reply = `We are on it (${marker})`;
    await conversation.sendText(reply);
    await wallet.waitForMessage((m) => m.body === reply);
    deskOf(a.console).conversations.close();

    // Its decrypted timeline (from support: only messages and its membership, never a team event), a full
    // initial sync, what it can query of support's devices, and what it was handed meanwhile.
    const sight = await watching.collect(roomId, account.userId);
    expect(sight.fromSupportTypes.filter((t) => t !== "m.room.member" && t !== "m.room.message")).toEqual([]);
    const secrets = [marker, "org.walletsupport", ...features(a).staff.rooms.get()];
    // The reply carries the marker on purpose (it is the one thing the wallet should get): masked first.
    expect(leaksOf(sight, secrets, [reply])).toEqual([]);
    // The checks looked at something real: the wallet's sync has its room, and support's devices are listed.
    expect(sight.seen.sync).toContain(roomId);
    expect(sight.seen.decrypted).toContain(reply);
    expect(sight.supportDevices).toEqual(expect.arrayContaining([deviceOf(a), deviceOf(b)]));
    console.log(
      `[team] wallet-side proof: ${sight.fromSupport} events from support in its timeline, sync ${sight.seen.sync.length} B, ` +
        `${sight.toDeviceCount} to-device messages, ${sight.accountDataCount} account-data events, 0 leaks`,
    );
  });

  it("a device signed out by the server can't claim (a clear error), and its old claim counts as nobody's", async () => {
    const { roomId } = await walletConversation();
    const c = await signedInConsole({}, account, new MemorySecretStore());
    stops.push(() => c.console.stop());
    await features(c).status.claim(roomId);
    await waitFor("C's claim on A", () => features(a).status.claimedBy(row(a, roomId)!) === deviceOf(c));
    await deleteDevices(testHomeserver().url, account.userId, account.password, [deviceOf(a), deviceOf(b)]);
    const error = await features(c)
      .status.claim(roomId)
      .catch((e: unknown) => e);
    expect((error as TeamError).code).toBe("signed-out");
    await timedWait(
      "C's claim to count as nobody's on A",
      () => features(a).status.claimantOf(row(a, roomId)!) === null,
    );
    expect(features(a).status.claimedBy(row(a, roomId)!)).toBe(deviceOf(c)); // still said, as "signed out"
  });

  it("a wallet that opens a new room (its alias taken) stays one conversation; replies go to the new room", async () => {
    const { wallet, roomId: first } = await walletConversation("First room");
    await features(a).status.resolve(first);
    const second = await wallet.startSupportChat(); // AltMe's `<thumbprint>-updated-<ms>`
    expect(second).not.toBe(first);
    await waitFor("the new room joined on A", () => deskOf(a.console).inbox.get(second));
    const merged = await waitFor("one conversation for both rooms", () => {
      const r = row(a, first);
      return r?.rooms?.length === 2 ? r : null;
    });
    expect(merged.roomId).toBe(second);
    expect(
      deskOf(a.console)
        .inbox.conversationRows()
        .filter((r) => r.walletUserId === wallet.userId),
    ).toHaveLength(1);
    // The decision taken in the first room belongs to the conversation.
    expect(features(a).status.statusOf(merged)).toBe("resolved");
    const conversation = deskOf(a.console).conversations.open(first)!;
    await waitFor("the wallet's devices", () => conversation.view.get().walletCanDecrypt === true);
    await conversation.sendText("Replying in your new room");
    const got = await wallet.waitForMessage((m) => m.body === "Replying in your new room");
    expect(got.roomId).toBe(second);
    deskOf(a.console).conversations.close();
  });
});
