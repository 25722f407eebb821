// Whether the homeserver answers, judged from every request the console makes: any HTTP answer means online,
// a network failure means reconnecting, and failures that last mean offline. (matrix-js-sdk's sliding sync
// retries network errors silently, so its own sync state can't tell.)
import { Observable, type Readable } from "../observable.ts";

export type ConnectionState = "connecting" | "online" | "reconnecting" | "offline";

const OFFLINE_AFTER_MS = 15_000;

export interface Connectivity {
  state: Readable<ConnectionState>;
  /** Wraps a fetch so its outcomes feed the state. */
  wrap(fetchFn: typeof fetch): typeof fetch;
}

export function createConnectivity(homeserverUrl: string): Connectivity {
  const state = new Observable<ConnectionState>("connecting");
  let failingSince: number | null = null;
  let offlineTimer: ReturnType<typeof setTimeout> | null = null;

  const succeeded = () => {
    failingSince = null;
    if (offlineTimer) clearTimeout(offlineTimer);
    offlineTimer = null;
    state.set("online");
  };
  const failed = () => {
    if (failingSince === null) {
      failingSince = Date.now();
      offlineTimer = setTimeout(() => state.set("offline"), OFFLINE_AFTER_MS);
    }
    if (state.get() !== "offline") state.set("reconnecting");
  };

  return {
    state,
    wrap: (fetchFn) => async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith(homeserverUrl)) return fetchFn(input, init);
      try {
        const res = await fetchFn(input, init);
        succeeded();
        return res;
      } catch (err) {
        // Aborts are ours (a long-poll cancelled to send new parameters), not the network's.
        if ((err as Error).name !== "AbortError") failed();
        throw err;
      }
    },
  };
}
