// Where a wallet's message spends its time before it shows in the console, with the history backfill running and
// held back, in one run (profile-fill --messages N). The samples come in blocks that alternate: in a "free" block
// the backfill reads history as it does after a sign-in; in a "held" block the page reports a scroll every half
// second, which pauses it as an agent's scroll does (the page in flight and its rest finish first: the block
// starts 3 s after the hold). Each sample is the console's time minus the raw /sync wake-up for the same event,
// and the block's CPU profile is attributed through the source maps.
import type { Page, Request } from "playwright-core";
import { expectedLabel, forgetLabelKey, learnLabelKey } from "../harness/labels.ts";
import type { Homeserver } from "../harness/homeserver.ts";
import { Wallet } from "../harness/wallet.ts";
import { attribute, printTop, type CpuProfile, type Sample } from "./cpu-profile.ts";
import type { FixtureManifest } from "./fixture.ts";
import { seenAt, watchText } from "./console-driver.ts";
import { openConversation, plaintextSender, timeOneMessage, type LiveContext } from "./latency.ts";
import { percentile } from "./stats.ts";
import { SyncProbe } from "./sync-probe.ts";

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Window {
  sent: number;
  done: number | null;
}

/** The history pages the page reads (the backfill's and export's `/messages` with a page size). */
function watchHistory(page: Page): Window[] {
  const windows: Window[] = [];
  const byRequest = new Map<Request, Window>();
  page.on("request", (req) => {
    if (!/\/rooms\/[^/]+\/messages\?/.test(req.url())) return;
    const w = { sent: Date.now(), done: null };
    windows.push(w);
    byRequest.set(req, w);
  });
  const done = (req: Request) => {
    const w = byRequest.get(req);
    if (w) w.done = Date.now();
  };
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  return windows;
}

/**
 * When each event ID first arrived in one of the console's sliding-sync answers (wall clock). An answer's body is
 * read after the request finished, so `arrival` waits for it to be recorded (NaN if it is not within `timeoutMs`).
 */
function watchSyncArrivals(page: Page): { arrival(eventId: string, timeoutMs?: number): Promise<number> } {
  const arrivals = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  page.on("requestfinished", (req) => {
    if (!req.url().includes("simplified_msc3575/sync") || req.method() !== "POST") return;
    const at = Date.now();
    void req
      .response()
      .then((res) => res?.text())
      .then((text) => {
        for (const m of (text ?? "").matchAll(/"event_id":"(\$[^"]+)"/g)) {
          if (arrivals.has(m[1]!)) continue;
          arrivals.set(m[1]!, at);
          waiting.get(m[1]!)?.(at);
        }
      })
      .catch(() => {});
  });
  return {
    arrival(eventId, timeoutMs = 5000) {
      const known = arrivals.get(eventId);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise<number>((resolve) => {
        const timer = setTimeout(() => done(Number.NaN), timeoutMs);
        const done = (at: number) => {
          clearTimeout(timer);
          waiting.delete(eventId);
          resolve(at);
        };
        waiting.set(eventId, done);
      });
    },
  };
}

export async function hold(page: Page, on: boolean): Promise<void> {
  await page.evaluate((on) => {
    const w = window as unknown as { __holdBackfill?: number };
    if (w.__holdBackfill !== undefined) clearInterval(w.__holdBackfill);
    delete w.__holdBackfill;
    if (on) w.__holdBackfill = window.setInterval(() => document.dispatchEvent(new Event("scroll")), 500);
  }, on);
}

interface Row {
  kind: "free" | "held";
  wallet: string;
  extra: number;
  /** Of which: the console's own sync answer after the raw one, and from that answer to the screen. */
  toAnswer: number;
  toScreen: number;
  /** History pages in flight or answered during the sample. */
  pages: number;
}

export async function profileMessages(
  page: Page,
  hs: Homeserver,
  manifest: FixtureManifest,
  count: number,
  blockSize = 5,
): Promise<void> {
  const history = watchHistory(page);
  const arrivals = watchSyncArrivals(page);
  const probe = await SyncProbe.start(hs.url, manifest.support.userId, manifest.support.password);
  const ctx: LiveContext = { hs, manifest, page, baseline: null, probe, log: (l) => console.log(l) };
  const rows: Row[] = [];
  const cpu: Record<Row["kind"], Sample[]> = { free: [], held: [] };
  const e2ee = await liveE2eeWallet(page, hs, manifest);
  const plain = manifest.wallets[0]!;
  const sendPlain = plaintextSender(hs, plain);
  try {
    const e2eeRoom = await e2ee.startSupportChat();
    const wallets = [
      {
        name: "e2ee" as const,
        open: () => openConversation(page, e2eeRoom, e2ee.label),
        send: (body: string) => e2ee.sendText(body),
      },
      {
        name: "plaintext" as const,
        open: () =>
          openConversation(page, plain.roomId, expectedLabel(plain.userId, manifest.support.userId)),
        send: sendPlain,
      },
    ];
    for (const wallet of wallets) {
      await wallet.open();
      await timeOneMessage(ctx, wallet.name, wallet.send); // warm-up (the E2EE wallet sets up its Olm sessions)
      for (let done = 0, block = 0; done < count; block++) {
        const kind: Row["kind"] = block % 2 === 0 ? "free" : "held";
        await hold(page, kind === "held");
        await pause(3000);
        const cdp = await page.context().newCDPSession(page);
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
        await cdp.send("Profiler.start");
        for (let i = 0; i < blockSize && done < count; i++, done++) {
          const body = `Profile ${wallet.name} message ${Date.now()}`;
          await watchText(page, '[role="log"]', body);
          const t0 = Date.now();
          const eventId = await wallet.send(body);
          const [shown, raw] = await Promise.all([seenAt(page, body), probe.arrival(eventId)]);
          const answered = await arrivals.arrival(eventId);
          const pages = history.filter((w) => w.sent <= shown && (w.done ?? Date.now()) >= t0).length;
          rows.push({
            kind,
            wallet: wallet.name,
            extra: shown - raw,
            toAnswer: answered - raw,
            toScreen: shown - answered,
            pages,
          });
          await pause(300);
        }
        const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
        await cdp.detach();
        cpu[kind].push(...attribute(profile));
      }
      await hold(page, false);
    }
  } finally {
    await hold(page, false).catch(() => {});
    e2ee.stop();
    await probe.stop();
  }

  console.log(`\nmessages: console minus raw /sync wake-up (ms), blocks of ${blockSize} alternating`);
  for (const wallet of ["e2ee", "plaintext"])
    for (const kind of ["free", "held"] as const) {
      const mine = rows.filter((r) => r.wallet === wallet && r.kind === kind);
      const sorted = mine.map((r) => r.extra).sort((a, b) => a - b);
      const withPages = mine.filter((r) => r.pages > 0);
      console.log(
        `  ${wallet.padEnd(9)} backfill ${kind}: n=${mine.length} p50 ${percentile(sorted, 50).toFixed(0)} ` +
          `p95 ${percentile(sorted, 95).toFixed(0)} max ${sorted.at(-1)?.toFixed(0)}; ` +
          `${withPages.length} samples overlapped a history page`,
      );
    }
  console.log(
    "  samples (free/held, console minus raw = its answer after raw + answer to screen, * = a history page meanwhile):",
  );
  for (const wallet of ["e2ee", "plaintext"])
    console.log(
      `    ${wallet}: ${rows
        .filter((r) => r.wallet === wallet)
        .map(
          (r) =>
            `${r.kind[0]}${r.extra.toFixed(0)}=${r.toAnswer.toFixed(0)}+${r.toScreen.toFixed(0)}${r.pages ? "*" : ""}`,
        )
        .join(" ")}`,
    );
  console.log(`  history pages read during the whole measure: ${history.length}`);
  for (const kind of ["free", "held"] as const) {
    printTop(`CPU self time by function (backfill ${kind})`, cpu[kind], (x) => x.fn, 15);
    printTop(`CPU by source (backfill ${kind})`, cpu[kind], (x) => x.pkg, 12);
  }
}

/** A live E2EE wallet (created now, so it encrypts for the console's device), the label key learnt first. */
export async function liveE2eeWallet(page: Page, hs: Homeserver, manifest: FixtureManifest): Promise<Wallet> {
  forgetLabelKey(manifest.support.userId);
  await learnLabelKey(page, manifest.support.userId, {});
  return Wallet.create({
    homeserverUrl: hs.url,
    registrationSecret: hs.registrationSecret,
    support: manifest.support.userId,
    shape: "e2ee",
  });
}
