// The raw /sync wake-up: a plain HTTP long-poll on classic /sync as the support account (its own device, no
// keys, no SDK), recording when each event first arrives. It is the floor any client's latency stands on: the
// time the server takes to wake a waiting /sync with a new event.
import { call } from "./http.ts";

const FILTER_NOTHING = {
  room: { rooms: [] },
  presence: { not_types: ["*"] },
  account_data: { not_types: ["*"] },
};
const FILTER_LIVE = {
  room: {
    timeline: { limit: 20 },
    state: { lazy_load_members: true, types: [] },
    ephemeral: { not_types: ["*"] },
    account_data: { not_types: ["*"] },
  },
  presence: { not_types: ["*"] },
  account_data: { not_types: ["*"] },
};

interface SyncResponse {
  next_batch: string;
  rooms?: { join?: Record<string, { timeline?: { events?: Array<{ event_id: string }> } }> };
}

export class SyncProbe {
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly arrived = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();
  private readonly abort = new AbortController();
  private running = true;

  private constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /** Logs in as `userId` (a fresh device), takes a since token without downloading rooms, and long-polls. */
  static async start(baseUrl: string, userId: string, password: string): Promise<SyncProbe> {
    const login = await call<{ access_token: string }>(baseUrl, null, "POST", "/_matrix/client/v3/login", {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: userId },
      password,
      initial_device_display_name: "bench raw /sync probe",
    });
    const probe = new SyncProbe(baseUrl, login.access_token);
    const q = (filter: object) => encodeURIComponent(JSON.stringify(filter));
    const first = await call<SyncResponse>(
      baseUrl,
      login.access_token,
      "GET",
      `/_matrix/client/v3/sync?timeout=0&filter=${q(FILTER_NOTHING)}`,
    );
    void probe.loop(first.next_batch, q(FILTER_LIVE));
    return probe;
  }

  private async loop(since: string, filter: string): Promise<void> {
    while (this.running) {
      try {
        const res = await call<SyncResponse>(
          this.baseUrl,
          this.token,
          "GET",
          `/_matrix/client/v3/sync?timeout=30000&since=${encodeURIComponent(since)}&filter=${filter}`,
          undefined,
          this.abort.signal,
        );
        const at = Date.now();
        since = res.next_batch;
        for (const room of Object.values(res.rooms?.join ?? {})) {
          for (const event of room.timeline?.events ?? []) {
            if (this.arrived.has(event.event_id)) continue;
            this.arrived.set(event.event_id, at);
            this.waiters.get(event.event_id)?.(at);
          }
        }
      } catch (err) {
        if (!this.running) return;
        console.error(`  raw /sync probe: ${(err as Error).message}; retrying`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Wall-clock time the event first arrived in a /sync response. */
  arrival(eventId: string, timeoutMs = 30_000): Promise<number> {
    const known = this.arrived.get(eventId);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(eventId);
        reject(new Error(`raw /sync never delivered ${eventId}`));
      }, timeoutMs);
      this.waiters.set(eventId, (at) => {
        clearTimeout(timer);
        this.waiters.delete(eventId);
        resolve(at);
      });
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await call(this.baseUrl, this.token, "POST", "/_matrix/client/v3/logout", {}).catch(() => {});
  }
}
