// What sync delivers about rooms, turned into inbox rows (sync/ingest.ts): invites go to the policy, rooms that are
// not wallet conversations stay out, a first window builds the row, a window that overlaps what the row counted
// adds only what is new, support's read receipts (from any agent) lower the count, and previews that can't be
// decrypted say so. The MatrixClient is real and unstarted: these paths make no request (decryption runs through
// its rust crypto in test/integration/console-inbox.test.ts).
import { createClient, type MatrixClient } from "matrix-js-sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Inbox } from "../../../renderer/core/inbox/inbox.ts";
import type { WireEvent } from "../../../renderer/core/inbox/row.ts";
import { sdkLogger } from "../../../renderer/core/logging.ts";
import { Ingest, type RoomUpdate } from "../../../renderer/core/sync/ingest.ts";
import { freePort } from "../../harness/homeserver.ts";

const SUPPORT = "@support:support.example";
const WALLET = "@did-key-z6mkabc:wallets.example";
const ROOM = "!wallet:support.example";

let client: MatrixClient;
beforeEach(async () => {
  // Nothing listens there: a request these tests did not expect fails instead of reaching a server.
  client = createClient({
    baseUrl: `http://127.0.0.1:${await freePort()}`,
    userId: SUPPORT,
    logger: sdkLogger("error"),
  });
});
afterEach(() => client.stopClient());

/** An ingest into a fresh inbox, with the invites it hands to the policy. */
function ingestInto() {
  const inbox = new Inbox();
  const invites: Array<[string, WireEvent[]]> = [];
  const ingest = new Ingest(client, inbox, { onInvite: (roomId, state) => invites.push([roomId, state]) });
  return { inbox, ingest, invites, row: () => inbox.get(ROOM) };
}

let seq = 0;
/** A timeline message: `from` the wallet or support, plain text unless encrypted content is given. */
function message(from: string, body: string, content?: Record<string, unknown>): WireEvent {
  seq++;
  return {
    event_id: `$m${seq}`,
    sender: from,
    origin_server_ts: 1_000_000 + seq,
    type: content ? "m.room.encrypted" : "m.room.message",
    content: content ?? { msgtype: "m.text", body },
  };
}

/** The state sync sends for a wallet's own room (created by it, encrypted). */
const walletRoomState: WireEvent[] = [
  { type: "m.room.create", sender: WALLET, state_key: "", content: {} },
  {
    type: "m.room.encryption",
    sender: WALLET,
    state_key: "",
    content: { algorithm: "m.megolm.v1.aes-sha2" },
  },
];

const firstWindow = (timeline: WireEvent[], extra: Partial<RoomUpdate> = {}): RoomUpdate => ({
  initial: true,
  required_state: walletRoomState,
  timeline,
  joined_count: 2,
  ...extra,
});

/** A receipts-extension payload: `user` read `eventId` in ROOM at `ts`. */
const receipt = (user: string, eventId: string, ts: number, type = "m.read") => ({
  rooms: { [ROOM]: { type: "m.receipt", content: { [eventId]: { [type]: { [user]: { ts } } } } } },
});

describe("ingesting sync", () => {
  it("hands an invite's stripped state to the invite policy and lists nothing for it", () => {
    const { ingest, invites, row } = ingestInto();
    const state = [{ type: "m.room.member", sender: WALLET, state_key: SUPPORT, content: {} }];
    ingest.room(ROOM, { invite_state: state });
    expect(invites).toEqual([[ROOM, state]]);
    expect(row()).toBeUndefined();
  });

  it("lists a wallet's room from its first window: label, preview, unread count, waiting since", () => {
    const { ingest, row } = ingestInto();
    const first = message(WALLET, "Hello?");
    ingest.room(ROOM, firstWindow([first, message(WALLET, "Anyone there?")]));
    expect(row()).toMatchObject({
      walletUserId: WALLET,
      unread: 2,
      unreadAtLeast: false,
      waitingSince: first.origin_server_ts,
      sendsUnencrypted: true,
      preview: { kind: "text", text: "Anyone there?", fromSupport: false },
    });
  });

  it("leaves out rooms that are not wallet conversations: support's own, group rooms, unencrypted ones", () => {
    const { ingest, inbox } = ingestInto();
    const own = walletRoomState.map((e) => (e.type === "m.room.create" ? { ...e, sender: SUPPORT } : e));
    ingest.room("!news:support.example", { initial: true, required_state: own, timeline: [] });
    ingest.room("!group:support.example", firstWindow([message(WALLET, "hi")], { joined_count: 5 }));
    ingest.room("!plain:support.example", {
      initial: true,
      required_state: walletRoomState.filter((e) => e.type === "m.room.create"),
      timeline: [message(WALLET, "hi")],
    });
    expect(inbox.size).toBe(0);
  });

  it("a window cut short (limited) makes the count a lower bound", () => {
    const { ingest, row } = ingestInto();
    ingest.room(ROOM, firstWindow([message(WALLET, "one of many")], { limited: true }));
    expect(row()).toMatchObject({ unread: 1, unreadAtLeast: true });
  });

  it("an on-screen row counts exactly only once a new device's inbox has finished filling", async () => {
    const { ingest, row } = ingestInto();
    // Observed, not replaced: the request still goes to the closed port and fails (the row stays a lower bound).
    const requests = vi.spyOn(client.http, "authedRequest");
    const messagesRequests = () =>
      requests.mock.calls.filter(([, path]) => String(path).endsWith("/messages"));
    ingest.setFilling(true);
    ingest.room(ROOM, firstWindow([message(WALLET, "one of many")], { limited: true }));
    ingest.setVisible([ROOM]);
    expect(row()?.unreadAtLeast).toBe(true);
    expect(messagesRequests()).toHaveLength(0);
    ingest.setFilling(false);
    expect(messagesRequests()).toHaveLength(1);
  });

  it("a third member flags the row, and an update without the member count does not clear the flag", () => {
    const { ingest, row } = ingestInto();
    ingest.room(ROOM, firstWindow([message(WALLET, "Hello")]));
    expect(row()!.roomWarning ?? null).toBeNull();
    ingest.room(ROOM, {
      required_state: [],
      joined_count: 3,
      timeline: [message(WALLET, "a friend joined")],
    });
    expect(row()!.roomWarning).toBe("other-members");
    // Later state (no count: members did not change) leaves it flagged; only a count of two clears it.
    ingest.room(ROOM, { required_state: [], timeline: [message(WALLET, "who is this?")] });
    expect(row()!.roomWarning).toBe("other-members");
    ingest.room(ROOM, { required_state: [], joined_count: 2, timeline: [message(WALLET, "gone")] });
    expect(row()!.roomWarning ?? null).toBeNull();
  });

  it("a window that overlaps what the row counted adds only the events after it", () => {
    const { ingest, row } = ingestInto();
    // More history than a row remembers event by event (it keeps the latest dozen).
    const history = Array.from({ length: 20 }, (_, i) => message(WALLET, `question ${i + 1}`));
    ingest.room(ROOM, firstWindow(history));
    // A conversation's subscription resends the latest events (up to 40), with one new one.
    ingest.room(ROOM, firstWindow([...history, message(WALLET, "one more")]));
    expect(row()).toMatchObject({ unread: 21, preview: { text: "one more" } });
    ingest.room(ROOM, { timeline: [message(WALLET, "and another")] });
    expect(row()?.unread).toBe(22);
  });

  it("more than the window shows after a gap (a reconnect): the count becomes a lower bound", () => {
    const { ingest, row } = ingestInto();
    ingest.room(ROOM, firstWindow([message(WALLET, "before")]));
    ingest.room(ROOM, { limited: true, timeline: [message(WALLET, "after the gap")] });
    expect(row()).toMatchObject({ unread: 2, unreadAtLeast: true });
  });

  it("a fresh window keeps what is known about the wallet's encryption", () => {
    const { ingest, inbox, row } = ingestInto();
    ingest.room(ROOM, firstWindow([message(WALLET, "plain")]));
    inbox.update(ROOM, (r) => ({ ...r, cannotReadEncrypted: true }));
    const encrypted = { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AwgAEp…" };
    ingest.room(ROOM, firstWindow([message(WALLET, "", encrypted)]));
    expect(row()).toMatchObject({ sendsUnencrypted: true, cannotReadEncrypted: true });
  });

  it("support's reply answers the wallet: nothing unread, not waiting", () => {
    const { ingest, row } = ingestInto();
    ingest.room(ROOM, firstWindow([message(WALLET, "Help"), message(SUPPORT, "On it")]));
    expect(row()).toMatchObject({ unread: 0, waitingSince: null, preview: { fromSupport: true } });
  });

  it("support's read receipt in the same response lowers the count to what came after it", () => {
    const { ingest, row } = ingestInto();
    const read = message(WALLET, "read already");
    ingest.receipts(receipt(SUPPORT, String(read.event_id), 2_000_000));
    ingest.room(ROOM, firstWindow([read, message(WALLET, "new")]));
    expect(row()).toMatchObject({ unread: 1, readUpTo: read.event_id });
  });

  it("a receipt for a room without room data (another agent read it) is applied after the rooms", () => {
    const { ingest, row } = ingestInto();
    const last = message(WALLET, "two");
    ingest.room(ROOM, firstWindow([message(WALLET, "one"), last]));
    ingest.receipts(receipt(SUPPORT, String(last.event_id), 2_000_000, "m.read.private"));
    expect(row()?.unread).toBe(2);
    ingest.flushReceipts();
    expect(row()).toMatchObject({ unread: 0, readUpTo: last.event_id });
  });

  it("ignores the wallet's own receipts, older receipts, and malformed receipt payloads", () => {
    const { ingest, row } = ingestInto();
    const [a, b] = [message(WALLET, "a"), message(WALLET, "b")];
    ingest.room(ROOM, firstWindow([a, b]));
    ingest.receipts(receipt(WALLET, String(b.event_id), 3_000_000));
    for (const junk of [undefined, null, 7, { rooms: 7 }, { rooms: { [ROOM]: { content: "x" } } }])
      ingest.receipts(junk);
    ingest.flushReceipts();
    expect(row()?.unread).toBe(2);
    ingest.receipts(receipt(SUPPORT, String(b.event_id), 3_000_000));
    ingest.receipts(receipt(SUPPORT, String(a.event_id), 1_000)); // older: does not move the position back
    ingest.flushReceipts();
    expect(row()).toMatchObject({ unread: 0, readUpTo: b.event_id });
  });

  it("a wallet whose invite was just joined is listed at once, and only once", () => {
    const { ingest, inbox, row } = ingestInto();
    ingest.joined(ROOM, WALLET, 42);
    expect(row()).toMatchObject({ walletUserId: WALLET, activityTs: 42, preview: null });
    ingest.room(ROOM, firstWindow([message(WALLET, "hi")]));
    ingest.joined(ROOM, WALLET, 99);
    expect(inbox.size).toBe(1);
    expect(row()?.preview?.text).toBe("hi");
  });

  it("an encrypted preview that is malformed is undecryptable at once", () => {
    const { ingest, row } = ingestInto();
    ingest.room(ROOM, firstWindow([message(WALLET, "", { algorithm: "m.megolm.v1.aes-sha2" })]));
    expect(row()?.preview?.kind).toBe("undecryptable");
  });

  it("an encrypted preview this device has no key for ends as undecryptable, not 'decrypting' forever", async () => {
    const { ingest, row } = ingestInto();
    const encrypted = {
      algorithm: "m.megolm.v1.aes-sha2",
      ciphertext: "AwgAEp…",
      session_id: "s",
      sender_key: "k",
    };
    ingest.room(ROOM, firstWindow([message(WALLET, "", encrypted)]));
    expect(row()?.preview?.kind).toBe("decrypting");
    await vi.waitFor(() => expect(row()?.preview?.kind).toBe("undecryptable"));
  });
});
