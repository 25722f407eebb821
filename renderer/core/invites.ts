// The auto-accept policy in action: wallet invites are joined by themselves (also those that arrived while the
// console was closed), everything else waits in "other invites" for a person. Auto-joins are capped per inviter
// and per server (invite-limits.ts); after each join the room's real state is checked and a room that is not a
// wallet's private chat is left, with the reason in the decision log. Joins run a few at a time and the whole
// queue pauses when the server says 429, for as long as it asks. Every decision is logged with its reason.
import type { MatrixClient } from "matrix-js-sdk";
import { decideInvite, type InviteRefusal } from "./inbox/classify.ts";
import { checkWalletRoom } from "./inbox/room-check.ts";
import { InviteRateLimiter, type InviteLimits } from "./invite-limits.ts";
import type { WireEvent } from "./inbox/row.ts";
import { serverOf } from "./labels.ts";
import { Observable, type Readable } from "./observable.ts";
import { isRateLimited, retryAfterMs } from "./session/errors.ts";

export interface OtherInvite {
  roomId: string;
  inviter: string;
  reason: InviteRefusal;
  detail: string;
  /** The room's name from the invite, if any (untrusted text: render as text). */
  roomName: string | null;
  receivedAt: number;
}

export type InviteOutcome =
  "joined" | "held" | "failed" | "left-not-private" | "accepted-by-agent" | "declined-by-agent";

export interface InviteDecisionLog {
  ts: number;
  roomId: string;
  inviter: string | null;
  outcome: InviteOutcome;
  reason: string;
}

/** The forgotten conversations, as the invite policy sees them (forget/forgotten.ts). */
export interface ForgottenPolicy {
  has(roomId: string): boolean;
  readmit(roomId: string, at: number): Promise<void>;
}

const PARALLEL_JOINS = 4;
const MAX_LOG = 500;

export class InviteHandler {
  private readonly client: MatrixClient;
  private readonly allowedServers: string[];
  private readonly forgotten: ForgottenPolicy;
  private readonly seen = new Set<string>();
  private readonly queue: Array<{ roomId: string; inviter: string }> = [];
  private running = 0;
  private pausedUntil = 0;
  private readonly counters = { joined: 0, held: 0, failed: 0, rateLimited: 0, pauses: 0 };
  private readonly others = new Observable<OtherInvite[]>([]);
  private readonly decisions = new Observable<InviteDecisionLog[]>([]);
  private readonly joinedListeners = new Set<(roomId: string, walletUserId: string) => void>();
  private readonly leftListeners = new Set<(roomId: string) => void>();
  private readonly limiter: InviteRateLimiter;
  private readonly clock: () => number;

  /** `forgotten`: rooms forgotten on a wallet's request; their invites wait for a person. */
  constructor(
    client: MatrixClient,
    allowedServers: string[],
    options: { limits?: Partial<InviteLimits>; clock?: () => number; forgotten?: ForgottenPolicy } = {},
  ) {
    this.forgotten = options.forgotten ?? { has: () => false, readmit: async () => {} };
    this.client = client;
    this.allowedServers = allowedServers;
    this.clock = options.clock ?? (() => Date.now());
    this.limiter = new InviteRateLimiter(allowedServers, options.limits, this.clock);
  }

  get otherInvites(): Readable<OtherInvite[]> {
    return this.others;
  }

  get log(): Readable<InviteDecisionLog[]> {
    return this.decisions;
  }

  /** How the policy has fared: joins, holds, failures, and how often the server said "slow down". */
  stats(): Readonly<typeof this.counters> {
    return { ...this.counters };
  }

  onJoined(listener: (roomId: string, walletUserId: string) => void): void {
    this.joinedListeners.add(listener);
  }

  /** A joined room the check found not to be a wallet's private chat, just left: drop any row listed for it. */
  onLeft(listener: (roomId: string) => void): void {
    this.leftListeners.add(listener);
  }

  /** An invite seen in sync (new or still pending since the last run). */
  handle(roomId: string, inviteState: WireEvent[]): void {
    // A pending invite is listed by every sync response until it is answered: decide once. A forgotten room is
    // the exception: support left it, so an invite listed afterwards is a new one (the wallet asked again), unless
    // it is already waiting for a person.
    const waiting = this.others.get().some((i) => i.roomId === roomId);
    if (this.seen.has(roomId) && (waiting || !this.forgotten.has(roomId))) return;
    this.seen.add(roomId);
    let decision: ReturnType<typeof decideInvite> = this.forgotten.has(roomId)
      ? {
          accept: false,
          reason: "forgotten",
          detail: "this conversation was forgotten at the wallet's request",
        }
      : decideInvite(inviteState, this.client.getUserId()!, this.allowedServers);
    if (decision.accept) {
      const over = this.limiter.take(decision.walletUserId, serverOf(decision.walletUserId) ?? "");
      if (over === null) {
        this.queue.push({ roomId, inviter: decision.walletUserId });
        this.pump();
        return;
      }
      decision = {
        accept: false,
        reason: "rate-limited",
        detail:
          over === "inviter"
            ? `${decision.walletUserId} sent more invites within the hour than a wallet does`
            : `more invites from ${serverOf(decision.walletUserId)} within the hour than the console joins by itself`,
      };
    }
    const member = inviteState.find((e) => e.type === "m.room.member");
    const nameEvent = inviteState.find((e) => e.type === "m.room.name");
    const rawName = (nameEvent?.content as { name?: unknown } | undefined)?.name;
    const inviter = typeof member?.sender === "string" ? member.sender : "unknown";
    this.others.update((list) => [
      ...list,
      {
        roomId,
        inviter,
        reason: decision.reason,
        detail: decision.detail,
        roomName: typeof rawName === "string" ? rawName.slice(0, 200) : null,
        receivedAt: this.clock(),
      },
    ]);
    this.record(roomId, inviter, "held", decision.detail);
  }

  /** A person accepts an invite the policy held back. */
  async accept(roomId: string): Promise<void> {
    const invite = this.others.get().find((i) => i.roomId === roomId);
    await this.join(roomId, invite?.inviter ?? null);
    // A person chose to take a forgotten conversation back: it is listed again.
    if (invite?.reason === "forgotten") await this.forgotten.readmit(roomId, this.clock());
    this.others.update((list) => list.filter((i) => i.roomId !== roomId));
    this.record(roomId, invite?.inviter ?? null, "accepted-by-agent", "accepted by an agent");
  }

  async decline(roomId: string): Promise<void> {
    const invite = this.others.get().find((i) => i.roomId === roomId);
    await this.client.http.authedRequest(
      "POST" as never,
      `/rooms/${encodeURIComponent(roomId)}/leave`,
      undefined,
      {},
    );
    this.others.update((list) => list.filter((i) => i.roomId !== roomId));
    this.record(roomId, invite?.inviter ?? null, "declined-by-agent", "declined by an agent");
  }

  private record(roomId: string, inviter: string | null, outcome: InviteOutcome, reason: string): void {
    if (outcome === "joined") this.counters.joined++;
    else if (outcome === "held") this.counters.held++;
    else if (outcome === "failed") this.counters.failed++;
    const entry = { ts: this.clock(), roomId, inviter, outcome, reason };
    console.info(`[invites] ${outcome} ${roomId} from ${inviter ?? "?"}: ${reason}`);
    this.decisions.update((log) => [...log.slice(-(MAX_LOG - 1)), entry]);
  }

  private async join(roomId: string, inviter: string | null): Promise<void> {
    // Over federation the server needs to know where to join through: the inviter's server.
    const via = inviter ? serverOf(inviter) : null;
    const query = via ? { server_name: via, via } : undefined;
    await this.client.http.authedRequest("POST" as never, `/join/${encodeURIComponent(roomId)}`, query, {});
  }

  /** The joined room's real state against a wallet's private conversation (room-check.ts). */
  private async verify(roomId: string, wallet: string) {
    const state = await this.client.http.authedRequest<WireEvent[]>(
      "GET" as never,
      `/rooms/${encodeURIComponent(roomId)}/state`,
    );
    return checkWalletRoom(state, this.client.getUserId()!, wallet);
  }

  private async leave(roomId: string): Promise<void> {
    await this.client.http.authedRequest(
      "POST" as never,
      `/rooms/${encodeURIComponent(roomId)}/leave`,
      undefined,
      {},
    );
  }

  private pump(): void {
    while (this.running < PARALLEL_JOINS && this.queue.length > 0) {
      const wait = this.pausedUntil - this.clock();
      if (wait > 0) {
        setTimeout(() => this.pump(), wait);
        return;
      }
      const item = this.queue.shift()!;
      this.running++;
      void this.joinWithRetry(item).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async joinWithRetry(item: { roomId: string; inviter: string }, attempt = 0): Promise<void> {
    try {
      await this.join(item.roomId, item.inviter);
      // The invite's state was the inviting server's word; the room's real state decides whether it stays.
      const check = await this.verify(item.roomId, item.inviter);
      if (!check.ok) {
        await this.leave(item.roomId).catch(() => {});
        for (const listener of this.leftListeners) listener(item.roomId);
        this.record(item.roomId, item.inviter, "left-not-private", check.detail);
        return;
      }
      // Listeners first (the console lists the conversation), so whoever reads the log finds it listed.
      for (const listener of this.joinedListeners) listener(item.roomId, item.inviter);
      this.record(item.roomId, item.inviter, "joined", `direct encrypted invite from ${item.inviter}`);
    } catch (err) {
      if (isRateLimited(err)) {
        // Respect the server: pause every join until it says we may try again, then retry this one first.
        this.counters.rateLimited++;
        if (this.pausedUntil <= this.clock()) this.counters.pauses++;
        this.pausedUntil = Math.max(this.pausedUntil, this.clock() + retryAfterMs(err));
        this.queue.unshift(item);
        return;
      }
      const status = (err as { httpStatus?: number }).httpStatus;
      if (!status && attempt < 5) {
        // Network trouble: retry with backoff.
        await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
        return this.joinWithRetry(item, attempt + 1);
      }
      this.record(item.roomId, item.inviter, "failed", (err as Error).message);
    }
  }
}
