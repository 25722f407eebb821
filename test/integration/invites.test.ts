// The invite handler (invites.ts) on its own, fed the stripped state the real Synapse sends for each invite: a
// wallet's invite is joined once however often sync repeats it, listeners hear of the join before the log does,
// held invites carry their reason and a bounded room name, an agent can accept or decline them, and a join the
// server refuses is logged as failed with the server's reason. (Through the whole console, with 429s and
// floods: console-invites.test.ts and invite-rate-limit.test.ts.)
import type { MatrixClient } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import type { WireEvent } from "../../renderer/core/inbox/row.ts";
import { InviteHandler } from "../../renderer/core/invites.ts";
import { newSupportAccount, testHomeserver } from "../harness/accounts.ts";
import { createQuickWallet, type QuickWallet } from "../harness/fixtures.ts";
import type { RegisteredUser } from "../harness/homeserver.ts";
import { clientApi } from "../harness/matrix-http.ts";
import { clientOf } from "../harness/sdk-client.ts";
import { waitFor } from "../harness/wait.ts";

interface Setup {
  support: RegisteredUser;
  client: MatrixClient;
  handler: InviteHandler;
  joined: Array<[string, string]>;
  /** The invite to `roomId`'s stripped state, as support's sync shows it (waiting for it to arrive). */
  inviteState(roomId: string): Promise<WireEvent[]>;
  /** Hands that state to the handler, as the console's ingest does. */
  deliver(roomId: string): Promise<WireEvent[]>;
  /** A wallet (or a stranger, with `extra` createRoom fields) inviting support. */
  wallet(extra?: Record<string, unknown>): Promise<QuickWallet>;
}

async function handlerFor(allowedServers: string[] = []): Promise<Setup> {
  const hs = testHomeserver();
  const support = await newSupportAccount("invites");
  const client = clientOf(support, hs.url);
  const handler = new InviteHandler(client, allowedServers);
  const joined: Array<[string, string]> = [];
  handler.onJoined((roomId, wallet) => joined.push([roomId, wallet]));
  const inviteState = (roomId: string) =>
    waitFor(`the invite to ${roomId} in sync`, async () => {
      const sync = await clientApi<{
        rooms?: { invite?: Record<string, { invite_state: { events: WireEvent[] } }> };
      }>(hs.url, support, "GET", "/sync?timeout=0");
      return sync.rooms?.invite?.[roomId]?.invite_state.events;
    });
  return {
    support,
    client,
    handler,
    joined,
    inviteState,
    async deliver(roomId) {
      const state = await inviteState(roomId);
      handler.handle(roomId, state);
      return state;
    },
    wallet: (extra = {}) =>
      createQuickWallet(
        { homeserverUrl: hs.url, registrationSecret: hs.registrationSecret, support: support.userId },
        extra,
      ),
  };
}

const joinedRooms = async (setup: Setup) =>
  (await clientApi<{ joined_rooms: string[] }>(testHomeserver().url, setup.support, "GET", "/joined_rooms"))
    .joined_rooms;

describe("the invite handler", () => {
  it("joins a wallet's invite once, however often sync repeats it, and tells listeners before the log", async () => {
    const setup = await handlerFor();
    const wallet = await setup.wallet();
    const listedWhenLogged: boolean[] = [];
    setup.handler.log.subscribe((log) => {
      if (log.some((l) => l.outcome === "joined")) listedWhenLogged.push(setup.joined.length > 0);
    });
    const state = await setup.deliver(wallet.roomId);
    setup.handler.handle(wallet.roomId, state); // the next sync still lists it while the join is under way
    await waitFor("the join logged", () => setup.handler.log.get().some((l) => l.outcome === "joined"));
    expect(setup.joined).toEqual([[wallet.roomId, wallet.userId]]);
    expect(listedWhenLogged[0]).toBe(true);
    expect(await joinedRooms(setup)).toContain(wallet.roomId);
    expect(setup.handler.stats()).toMatchObject({ joined: 1, held: 0, failed: 0, rateLimited: 0 });
    expect(setup.handler.otherInvites.get()).toEqual([]);
  });

  it("holds a group room with its reason, inviter and a room name cut to 200 characters, and never joins it", async () => {
    const setup = await handlerFor();
    const name = "Team ".repeat(60); // 300 characters, untrusted
    const stranger = await setup.wallet({ is_direct: false, name });
    await setup.deliver(stranger.roomId);
    const [held] = setup.handler.otherInvites.get();
    expect(held).toMatchObject({
      roomId: stranger.roomId,
      inviter: stranger.userId,
      reason: "not-direct",
      roomName: name.slice(0, 200),
    });
    expect(setup.handler.log.get()).toEqual([
      expect.objectContaining({ roomId: stranger.roomId, outcome: "held", inviter: stranger.userId }),
    ]);
    expect(setup.handler.stats().held).toBe(1);
    expect(await joinedRooms(setup)).not.toContain(stranger.roomId);
  });

  it("holds a wallet from a server outside the allow-list", async () => {
    const setup = await handlerFor(["wallets.elsewhere.example"]);
    const wallet = await setup.wallet();
    await setup.deliver(wallet.roomId);
    expect(setup.handler.otherInvites.get()[0]).toMatchObject({ reason: "server-not-allowed" });
    expect(setup.joined).toEqual([]);
  });

  it("an agent accepts a held invite: joined, off the list, logged as the agent's decision", async () => {
    const setup = await handlerFor();
    const group = await setup.wallet({ is_direct: false, name: "Partners" });
    await setup.deliver(group.roomId);
    await setup.handler.accept(group.roomId);
    expect(await joinedRooms(setup)).toContain(group.roomId);
    expect(setup.handler.otherInvites.get()).toEqual([]);
    expect(setup.handler.log.get().at(-1)).toMatchObject({
      outcome: "accepted-by-agent",
      roomId: group.roomId,
    });
  });

  it("an agent declines a held invite: the invite is rejected on the server and off the list", async () => {
    const setup = await handlerFor();
    const group = await setup.wallet({ is_direct: false, name: "Spam" });
    await setup.deliver(group.roomId);
    await setup.handler.decline(group.roomId);
    expect(setup.handler.otherInvites.get()).toEqual([]);
    expect(setup.handler.log.get().at(-1)).toMatchObject({ outcome: "declined-by-agent" });
    const members = await clientApi<{ chunk: Array<{ state_key: string; content: { membership: string } }> }>(
      testHomeserver().url,
      group,
      "GET",
      `/rooms/${encodeURIComponent(group.roomId)}/members`,
    );
    const mine = members.chunk.find((m) => m.state_key === setup.support.userId);
    expect(mine?.content.membership).toBe("leave");
  });

  it("a join the server refuses (the wallet took its invite back) is logged as failed with the reason", async () => {
    const setup = await handlerFor();
    const wallet = await setup.wallet();
    // The stripped state is read first; the wallet withdraws the invite before the handler joins.
    const state = await setup.inviteState(wallet.roomId);
    await clientApi(
      testHomeserver().url,
      wallet,
      "POST",
      `/rooms/${encodeURIComponent(wallet.roomId)}/kick`,
      {
        user_id: setup.support.userId,
      },
    );
    setup.handler.handle(wallet.roomId, state);
    const failed = await waitFor("the failure logged", () =>
      setup.handler.log.get().find((l) => l.outcome === "failed"),
    );
    expect(failed.roomId).toBe(wallet.roomId);
    expect(failed.reason.length).toBeGreaterThan(0);
    expect(setup.handler.stats()).toMatchObject({ joined: 0, failed: 1 });
    expect(setup.joined).toEqual([]);
  });
});
