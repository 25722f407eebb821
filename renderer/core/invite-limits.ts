// How many invites the console joins by itself, per inviter and per server, in a sliding hour (issue 15 §1):
// a wallet makes one room with support, rarely a few over time (AltMe's "-updated-" rooms), so more than a
// handful from one account — or a flood from a server the admin never listed — waits for a person instead.
// Servers on the admin's allow-list are trusted with their wallets' volume and only the per-inviter cap applies.

export interface InviteLimits {
  perInviter: number;
  /** For servers not on the allow-list (every server when the list is empty). */
  perServer: number;
  windowMs: number;
}

export const DEFAULT_INVITE_LIMITS: Readonly<InviteLimits> = {
  perInviter: 5,
  perServer: 200,
  windowMs: 60 * 60_000,
};

export class InviteRateLimiter {
  private readonly limits: InviteLimits;
  private readonly clock: () => number;
  private readonly trusted: ReadonlySet<string>;
  private readonly joins = new Map<string, number[]>();

  constructor(
    trustedServers: readonly string[],
    limits: Partial<InviteLimits> = {},
    clock = () => Date.now(),
  ) {
    this.limits = { ...DEFAULT_INVITE_LIMITS, ...limits };
    this.trusted = new Set(trustedServers);
    this.clock = clock;
  }

  /** Counts an auto-join for this inviter and server, or says which limit it would break (nothing counted). */
  take(inviter: string, server: string): null | "inviter" | "server" {
    const now = this.clock();
    const recent = (key: string) => {
      const list = (this.joins.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
      this.joins.set(key, list);
      return list;
    };
    const byInviter = recent(`@${inviter}`);
    if (byInviter.length >= this.limits.perInviter) return "inviter";
    const byServer = this.trusted.has(server) ? null : recent(`:${server}`);
    if (byServer && byServer.length >= this.limits.perServer) return "server";
    byInviter.push(now);
    byServer?.push(now);
    return null;
  }
}
