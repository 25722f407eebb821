// Keeps matrix-js-sdk's per-session key-backup downloader off the server. For every message it cannot decrypt,
// the SDK's rust-crypto layer (PerSessionKeyBackupDownloader, fed by the event decryptor) asks the server, one
// request after another, for that one session's key: `GET /room_keys/keys/{roomId}/{sessionId}` — hundreds of
// requests for a new device with history, for minutes. The SDK offers no switch for it, so its requests are
// answered here, at the client's fetch (createClient's `fetchFn`, public API): by the bulk restore's knowledge
// when it has it ("not in the backup": the restore imports whatever is), otherwise let through slowly, each
// session once.
import type { MatrixClient } from "matrix-js-sdk";

/** What to do with one lookup: answer "not found" here, or let it reach the server. */
export type LookupAnswer = "local" | "server";

export interface LookupPolicy {
  lookup(roomId: string, sessionId: string): LookupAnswer | Promise<LookupAnswer>;
}

/** Lookups let through reach the server at most this often. */
const PACE_MS = 2000;

const PER_SESSION = /\/_matrix\/client\/(?:v3|r0|unstable)\/room_keys\/keys\/([^/?]+)\/([^/?]+)(?:\?|$)/;

/** The room and session of a per-session lookup, or null for any other request. */
export function perSessionLookup(
  url: string,
  method: string | undefined,
): { roomId: string; sessionId: string } | null {
  if ((method ?? "GET").toUpperCase() !== "GET") return null;
  const m = PER_SESSION.exec(url);
  if (!m) return null;
  try {
    return { roomId: decodeURIComponent(m[1]!), sessionId: decodeURIComponent(m[2]!) };
  } catch {
    return null;
  }
}

function notFound(): Response {
  // What Synapse says for a key the backup does not hold; the SDK takes it as "not in backup" and moves on.
  return new Response(JSON.stringify({ errcode: "M_NOT_FOUND", error: "No room_keys found" }), {
    status: 404,
    headers: { "content-type": "application/json" },
  });
}

type Fetch = typeof fetch;
type HttpOpts = { fetchFn?: Fetch };

export class KeyLookupGate {
  private readonly opts: HttpOpts;
  private readonly original: Fetch | undefined;
  private readonly policy: LookupPolicy;
  private nextSlot = 0;
  private readonly counts = { local: 0, server: 0 };

  /** Installs itself in front of the client's fetch (the client's http layer reads it at every request). */
  constructor(client: MatrixClient, policy: LookupPolicy, now: () => number = Date.now) {
    this.opts = (client.http as unknown as { opts: HttpOpts }).opts;
    this.original = this.opts.fetchFn;
    this.policy = policy;
    const inner: Fetch = this.original ?? ((input, init) => globalThis.fetch(input, init));
    const gated: Fetch = async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const lookup = perSessionLookup(url, init?.method ?? (input instanceof Request ? input.method : "GET"));
      if (!lookup) return inner(input, init);
      if ((await this.policy.lookup(lookup.roomId, lookup.sessionId)) === "local") {
        this.counts.local++;
        return notFound();
      }
      this.counts.server++;
      await this.pace(now);
      return inner(input, init);
    };
    this.opts.fetchFn = gated;
  }

  /** How many lookups were answered here and how many reached the server (for logs and tests). */
  get answered(): { local: number; server: number } {
    return { ...this.counts };
  }

  /** Lookups that reach the server go one per PACE_MS slot: the first at once, the next after it. */
  private async pace(now: () => number): Promise<void> {
    const at = Math.max(now(), this.nextSlot);
    this.nextSlot = at + PACE_MS;
    const wait = at - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  uninstall(): void {
    this.opts.fetchFn = this.original;
  }
}
