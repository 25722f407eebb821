// Team metrics against Synapse, on two agents' devices of one support account: a scripted day of three wallets
// (answered and resolved by each agent, one that writes again after its resolution, one never answered) in a known
// order of server timestamps. Both devices must compute the same figures, equal to the ones worked out by hand
// from that script and the events' own server timestamps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Metrics, Range } from "../../renderer/core/metrics/feature.ts";
import { MemorySecretStore } from "../../renderer/core/platform/memory.ts";
import { newSupportAccount, newWallet } from "../harness/accounts.ts";
import { deskOf, signedInConsole, type TestConsole } from "../harness/console.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { staffRoomsOnServer, staffState } from "../harness/staff-state.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet } from "../harness/wallet.ts";

let account: RegisteredUser;
let a: TestConsole;
let b: TestConsole;
const stops: Array<() => unknown> = [];

const desk = (c: TestConsole) => deskOf(c.console);
const deviceOf = (c: TestConsole) => c.console.session!.credentials.deviceId;
const row = (c: TestConsole, roomId: string) => desk(c).inbox.conversation(roomId);

/** The server timestamp of an event (readable without decrypting). */
async function serverTs(roomId: string, eventId: string): Promise<number> {
  const event = await desk(a).client.fetchRoomEvent(roomId, eventId);
  return event.origin_server_ts!;
}

async function walletWrites(wallet: Wallet, roomId: string, text: string): Promise<number> {
  const eventId = await wallet.sendText(text);
  const ts = await serverTs(roomId, eventId);
  await waitFor(
    "the wallet's message on both devices",
    () => row(a, roomId)?.walletTs === ts && row(b, roomId)?.walletTs === ts,
  );
  return ts;
}

async function agentReplies(c: TestConsole, roomId: string, text: string): Promise<number> {
  const conversation = desk(c).conversations.open(roomId)!;
  await conversation.sendText(text);
  const before = row(c, roomId)!.walletTs;
  // The reply's server timestamp, once both devices have it.
  const ts = await waitFor("the reply on both devices", () => {
    const ta = row(a, roomId)?.supportTs ?? 0;
    return ta > before && row(b, roomId)?.supportTs === ta ? ta : null;
  });
  desk(c).conversations.close();
  return ts;
}

/** The server timestamp of an agent's activity line about a wallet, once both devices have it. */
async function activityTs(wallet: string, action: string, nth = 0): Promise<number> {
  const lines = (c: TestConsole) =>
    (desk(c).features.staff.index.allRecords().get(wallet) ?? []).filter(
      (r) => r.type === "activity" && r.content.action === action,
    );
  return waitFor(
    `the ${action} line on both devices`,
    () => {
      const la = lines(a)[nth];
      return la && lines(b)[nth]?.id === la.id ? la.ts : null;
    },
    {
      state: async () => ({
        lines: { a: lines(a).map((r) => r.id), b: lines(b).map((r) => r.id) },
        a: staffState(desk(a)),
        b: staffState(desk(b)),
        server: await staffRoomsOnServer(desk(a)),
      }),
    },
  );
}

beforeAll(async () => {
  account = await newSupportAccount();
  a = await signedInConsole({}, account);
  stops.push(() => a.console.stop());
  b = await signedInConsole({}, account, new MemorySecretStore());
  stops.push(() => b.console.stop());
  // Both write into the same staff room before the day starts.
  await desk(a).features.staff.room();
  await waitFor("the staff room on both devices", () => desk(b).features.staff.rooms.get().length > 0);
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

describe("team metrics of a scripted day, on two devices", () => {
  it("gives both agents the same figures, equal to the hand-computed ones", async () => {
    const start = Date.now() - 1000;
    const open = async () => {
      const wallet = await newWallet(account.userId, "e2ee");
      stops.push(() => wallet.stop());
      const roomId = await wallet.startSupportChat();
      await waitFor("the conversation on both devices", () => row(a, roomId) && row(b, roomId));
      return { wallet, roomId };
    };
    const w1 = await open();
    const w2 = await open();
    const w3 = await open();

    // Wallet 1 asks; Alice (A) answers and resolves.
    const w1asks = await walletWrites(w1.wallet, w1.roomId, "My credential offer fails");
    const w1reply = await agentReplies(a, w1.roomId, "Which issuer is it?");
    await desk(a).features.status.resolve(w1.roomId);
    const w1resolved = await activityTs(w1.wallet.userId, "resolved");

    // Wallet 2 asks; Bob (B) claims, answers and resolves; then wallet 2 writes again (a second opening).
    const w2asks = await walletWrites(w2.wallet, w2.roomId, "I can't present my diploma");
    await desk(b).features.status.claim(w2.roomId);
    await activityTs(w2.wallet.userId, "claimed");
    const w2reply = await agentReplies(b, w2.roomId, "Let's look at the request");
    await desk(b).features.status.resolve(w2.roomId);
    const w2resolved = await activityTs(w2.wallet.userId, "resolved");

    // Wallet 3 asks and nobody answers; then wallet 2 comes back.
    const w3asks = await walletWrites(w3.wallet, w3.roomId, "Hello?");
    await walletWrites(w2.wallet, w2.roomId, "It fails again");

    const range: Range = { from: start, to: Date.now() + 3_600_000 };
    const compute = (c: TestConsole) => desk(c).features.metrics.compute(range);
    const [ma, mb] = await Promise.all([compute(a), compute(b)]);

    // By hand from the script: openings w1, w2, w2 again, w3 = 4; resolutions w1 (Alice) and w2's first (Bob).
    // First responses: w1reply − w1asks and w2reply − w2asks (two samples: p50 is the smaller by nearest rank,
    // p90 the larger). Resolution: each resolved line − its opening's first message. Waiting now: w2 (again)
    // and w3, the longest since w3asks.
    const frt = [w1reply - w1asks, w2reply - w2asks].sort((x, y) => x - y);
    const res = [w1resolved - w1asks, w2resolved - w2asks].sort((x, y) => x - y);
    const mean = (xs: number[]) => Math.round((xs[0]! + xs[1]!) / 2);
    for (const m of [ma, mb] as Metrics[]) {
      expect(m.opened).toBe(4);
      expect(m.resolved).toBe(2);
      expect(m.firstResponse).toEqual({ count: 2, p50: frt[0], p90: frt[1], mean: mean(frt) });
      expect(m.resolution).toEqual({ count: 2, p50: res[0], p90: res[1], mean: mean(res) });
      expect(m.waitingNow).toBe(2);
      expect(m.longestWait).toBe(m.at - w3asks);
      expect(m.hours.reduce((x, y) => x + y, 0)).toBe(4); // four wallet messages
      expect(m.days.reduce((x, d) => x + d.opened, 0)).toBe(4);
      expect(m.agents).toEqual([
        // Bob first: as many resolutions as Alice, and a claim.
        {
          agent: deviceOf(b),
          resolved: 1,
          claimed: 1,
          // Bob's claim stands and wallet 2 is open again.
          claimedNow: 1,
          resolution: {
            count: 1,
            p50: w2resolved - w2asks,
            p90: w2resolved - w2asks,
            mean: w2resolved - w2asks,
          },
        },
        {
          agent: deviceOf(a),
          resolved: 1,
          claimed: 0,
          claimedNow: 0,
          resolution: {
            count: 1,
            p50: w1resolved - w1asks,
            p90: w1resolved - w1asks,
            mean: w1resolved - w1asks,
          },
        },
      ]);
    }
    // The same figures on both devices (the moment of computing, and so the longest wait, aside).
    const same = (m: Metrics) => ({ ...m, at: 0, longestWait: 0 });
    expect(same(mb)).toEqual(same(ma));
  });
});
