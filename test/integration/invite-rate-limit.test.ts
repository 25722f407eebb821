// When the homeserver says "too many joins" (429), the console waits as long as it is told, for every join at
// once, instead of hammering; every wallet still ends up joined. Its own Synapse, with a tight join limit.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { signedInConsole, type TestConsole, deskOf } from "../harness/console.ts";
import { createQuickWallets } from "../harness/fixtures.ts";
import { registerWithSecret } from "../harness/homeserver.ts";
import { ownHomeserver } from "../harness/own-homeserver.ts";
import { waitFor } from "../harness/wait.ts";

const WALLETS = 30;
// A burst of one: the console starts several joins at once, so the limit bites however fast the machine is
// (with a burst of 3 at 2/s, a busy machine whose joins and post-join checks took over 1 s never met it).
const tight = { per_second: 1, burst_count: 1 };
const hs = ownHomeserver("limits.test", { extraConfig: { rc_joins: { local: tight, remote: tight } } });
let c: TestConsole | undefined;

afterAll(() => c?.console.stop());

describe("joining under the homeserver's rate limit", () => {
  it(
    `${WALLETS} pending wallet invites against a limit of 1 join/s: all joined, each 429 waited out`,
    { timeout: 300_000 },
    async () => {
      const support = await registerWithSecret(hs.url, hs.registrationSecret, "support", "pw-limits");
      const wallets = await createQuickWallets(WALLETS, {
        homeserverUrl: hs.url,
        registrationSecret: hs.registrationSecret,
        support: support.userId,
      });
      const started = Date.now();
      c = await signedInConsole({}, support, undefined, hs);
      await waitFor("every wallet joined", () => deskOf(c!.console).inbox.size === WALLETS, {
        timeoutMs: 240_000,
      });
      const seconds = (Date.now() - started) / 1000;
      const stats = deskOf(c.console).invites.stats();
      const log = readFileSync(hs.logFile, "utf8");
      const serverSaid429 = (log.match(/ 429 "POST \/_matrix\/client\/v3\/join\//g) ?? []).length;
      const joinRequests = (log.match(/ \d{3} "POST \/_matrix\/client\/v3\/join\//g) ?? []).length;
      console.log(
        `[rate limit] ${WALLETS} joins in ${seconds.toFixed(1)} s; ${joinRequests} join requests, ${serverSaid429} answered 429, in ${stats.pauses} pauses`,
      );
      expect(
        new Set(
          deskOf(c.console)
            .inbox.all()
            .map((r) => r.roomId),
        ),
      ).toEqual(new Set(wallets.map((w) => w.roomId)));
      expect(stats).toMatchObject({ joined: WALLETS, failed: 0 });
      expect(serverSaid429).toBeGreaterThan(0); // the limit really bit
      expect(stats.rateLimited).toBe(serverSaid429);
      // Each pause can only catch the joins already in flight (4 at a time); a client retrying at once would
      // pile up hundreds of 429s against this limit.
      expect(stats.rateLimited).toBeLessThanOrEqual(stats.pauses * 4);
      expect(joinRequests).toBe(WALLETS + serverSaid429);
    },
  );
});
