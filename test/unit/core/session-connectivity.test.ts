// Whether the homeserver answers (session/connectivity.ts), judged from real requests: any HTTP answer — even an
// error status — means online, a refused connection means reconnecting, 15 s of failures mean offline, and an
// abort the console made itself means nothing. The "homeserver" is a plain local HTTP server (connectivity
// reads no Matrix), the dead one a port nobody listens on; fake timers are the clock for the 15 s.
import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnectivity } from "../../../renderer/core/session/connectivity.ts";
import { freePort } from "../../harness/homeserver.ts";

let server: Server;
let up = "";
let down = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    res.statusCode = req.url?.includes("broken") ? 500 : 200;
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  up = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  down = `http://127.0.0.1:${await freePort()}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
afterEach(() => vi.useRealTimers());

/** A local HTTP server (started) that can go away and come back on its port, as a homeserver restarting would. */
async function restartableServer() {
  const port = await freePort();
  let current: Server | null = null;
  const handle = {
    url: `http://127.0.0.1:${port}`,
    start: () =>
      new Promise<void>((resolve) => {
        current = createServer((_req, res) => res.end("{}"));
        current.listen(port, "127.0.0.1", resolve);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        current?.closeAllConnections();
        current?.close(() => resolve());
        current = null;
      }),
  };
  await handle.start();
  return handle;
}

/** The state as seen through `wrap(fetch)` for a homeserver at `url`. */
function watch(url: string) {
  const connectivity = createConnectivity(url);
  return { state: () => connectivity.state.get(), fetch: connectivity.wrap(fetch) };
}

describe("connectivity", () => {
  it("starts as connecting, and any answer from the homeserver means online, even a 500", async () => {
    const c = watch(up);
    expect(c.state()).toBe("connecting");
    expect((await c.fetch(`${up}/_matrix/client/versions`)).status).toBe(200);
    expect(c.state()).toBe("online");
    expect((await c.fetch(`${up}/broken`)).status).toBe(500);
    expect(c.state()).toBe("online");
  });

  it("failures that last 15 s mean offline; the first answer after that means online at once", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const c = watch(down);
    await expect(c.fetch(`${down}/sync`)).rejects.toThrow();
    vi.advanceTimersByTime(14_999);
    await expect(c.fetch(`${down}/sync`)).rejects.toThrow(); // still failing: the clock is not reset
    expect(c.state()).toBe("reconnecting");
    vi.advanceTimersByTime(1);
    expect(c.state()).toBe("offline");
    await expect(c.fetch(`${down}/sync`)).rejects.toThrow();
    expect(c.state()).toBe("offline"); // not back to "reconnecting" while it keeps failing
  });

  it("a request that gets no answer means reconnecting; an answer again means online, and not offline later", async () => {
    const hs = await restartableServer();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const c = watch(hs.url);
    await hs.stop();
    await expect(c.fetch(`${hs.url}/sync`)).rejects.toThrow();
    expect(c.state()).toBe("reconnecting");
    await hs.start();
    await c.fetch(`${hs.url}/sync`);
    expect(c.state()).toBe("online");
    vi.advanceTimersByTime(60_000);
    expect(c.state()).toBe("online");
    await hs.stop();
  });

  it("an aborted request (the console cancelling a long poll) is not a network failure", async () => {
    const c = watch(up);
    const aborted = new AbortController();
    aborted.abort();
    await expect(c.fetch(`${up}/sync`, { signal: aborted.signal })).rejects.toThrow();
    expect(c.state()).toBe("connecting");
  });

  it("requests to other servers (media, discovery) say nothing about the homeserver", async () => {
    const c = watch(up);
    await expect(c.fetch(`${down}/.well-known/matrix/client`)).rejects.toThrow();
    expect(c.state()).toBe("connecting");
  });
});
