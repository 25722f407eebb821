// Drives the real console (the web build, Svelte UI over the core) in Chromium for the benchmark: a profile
// directory per simulated desktop install, sign-in through the form, waiting for the inbox to be complete,
// restarting on the same profile, and reading the renderer's memory through the DevTools protocol and /proc.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchPersistentChromium } from "../harness/browser.ts";
import { FIRST_ROWS, INBOX_REGION, installProbe, type ProbeState } from "./probe.ts";

/**
 * Tall enough that the first 20 rows (68 px each) are all on screen, as on a portrait monitor: 1,360 px of rows
 * under the search, the team's status tabs and filters, and the loading and history-index lines.
 */
export const VIEWPORT = { width: 1280, height: 1900 };

/**
 * "sliding": the console as shipped (simplified sliding sync). "classic": the same build forced onto its
 * fallback, as against a homeserver without sliding sync (the sliding-sync endpoint answers 404) — the
 * "before" of the sliding-sync route, measured in the same run.
 */
export type SyncEngine = "sliding" | "classic";

/** The longest wait for a quiet screen after the inbox is complete (see `settle`). */
const QUIET_MAX_MS = 60_000;

export class ConsoleProfile {
  readonly dir = mkdtempSync(join(tmpdir(), "wsc-bench-profile-"));
  readonly siteUrl: string;
  readonly engine: SyncEngine;
  context: BrowserContext | null = null;
  page: Page | null = null;

  /**
   * Whether the build marks its pagehide save (`wsc:saved`). Another build (the "before" of a comparison, run
   * with --web-root) may predate the mark: it is given the fixed 4 s the harness used to wait for the save.
   */
  readonly marksSave: boolean;

  constructor(siteUrl: string, engine: SyncEngine = "sliding", marksSave = true) {
    this.siteUrl = siteUrl;
    this.engine = engine;
    this.marksSave = marksSave;
  }

  /** Launches Chromium on this profile (a desktop app start) and opens the console. */
  async launch(): Promise<Page> {
    this.context = await launchPersistentChromium(this.dir, { viewport: VIEWPORT });
    await this.context.addInitScript(installProbe, { region: INBOX_REGION, rows: FIRST_ROWS });
    if (this.engine === "classic") {
      await this.context.route("**/org.matrix.simplified_msc3575/sync**", (route) =>
        route.fulfill({
          status: 404,
          contentType: "application/json",
          body: '{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}',
        }),
      );
    }
    const page = this.context.pages()[0] ?? (await this.context.newPage());
    this.page = page;
    page.on("pageerror", (err) => console.error(`  [console page] ${err.message}`));
    if (process.env.WSC_BENCH_SYNC_TRACE) traceSync(page);
    await page.goto(this.siteUrl);
    return page;
  }

  /**
   * Has the console save its inbox as it does when its window goes away (`pagehide`), and waits for the save to
   * be on disk (its `wsc:saved` mark): a restart after this renders what was listed, with no time guessed.
   */
  async saveInbox(timeoutMs = 60_000): Promise<void> {
    const page = this.open;
    const saves = () => performance.getEntriesByName("wsc:saved").length;
    const before = await page.evaluate(saves);
    await page.evaluate(() => window.dispatchEvent(new Event("pagehide")));
    if (!this.marksSave) {
      await new Promise((r) => setTimeout(r, 4000));
      return;
    }
    await page.waitForFunction((n) => performance.getEntriesByName("wsc:saved").length > n, before, {
      timeout: timeoutMs,
      polling: 100,
    });
  }

  async close(): Promise<void> {
    await this.context?.close();
    this.context = null;
    this.page = null;
  }

  async dispose(): Promise<void> {
    await this.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  get open(): Page {
    if (!this.page) throw new Error("the console is not open");
    return this.page;
  }

  probe(): Promise<ProbeState> {
    return this.open.evaluate(() => (window as unknown as { __bench: { state: ProbeState } }).__bench.state);
  }

  /** Signs in through the form; resolves with ms from submitting the form to 20 rows painted. */
  async signIn(userId: string, password: string, timeoutMs: number): Promise<number> {
    const page = this.open;
    await page.getByLabel("User ID").fill(userId);
    // The homeserver is discovered from the user ID (the admin's configured one); wait until it shows.
    await page.locator("#signin-homeserver-line .url").waitFor({ timeout: 15_000 });
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const state = await this.waitForRows(timeoutMs);
    return state.rowsPaintedAt! - state.submitAt!;
  }

  /** Ms from navigation start to 20 rows painted (the app restored its saved session and inbox). */
  async restartedToRows(timeoutMs: number): Promise<number> {
    const state = await this.waitForRows(timeoutMs);
    return state.rowsPaintedAt!;
  }

  private async waitForRows(timeoutMs: number): Promise<ProbeState> {
    await this.open.waitForFunction(
      () => (window as unknown as { __bench: { state: ProbeState } }).__bench.state.rowsPaintedAt !== null,
      null,
      { timeout: timeoutMs, polling: 100 },
    );
    return this.probe();
  }

  /**
   * After a restart: ms from navigation start until the inbox has caught up with the server — the console's
   * `wsc:inbox-caught-up` mark, or (builds without it) its "filling" progress having come and gone. Null when
   * neither showed within `appearMs`.
   */
  async caughtUp(appearMs: number, timeoutMs: number): Promise<number | null> {
    const page = this.open;
    type W = { __bench: { state: ProbeState } };
    const started = Date.now();
    for (;;) {
      const seen = await page.evaluate(() => {
        const mark = performance.getEntriesByName("wsc:inbox-caught-up")[0];
        const state = (window as unknown as W).__bench.state;
        return { mark: mark ? mark.startTime : null, fillingAt: state.fillingAt, filledAt: state.filledAt };
      });
      if (seen.mark !== null) return seen.mark;
      if (seen.fillingAt !== null && seen.filledAt !== null) return seen.filledAt;
      const waited = Date.now() - started;
      if (seen.fillingAt === null && waited > appearMs) return null;
      if (waited > timeoutMs) throw new Error(`the inbox did not catch up within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The inbox's "All" count as shown. */
  async inboxCount(): Promise<number> {
    const text = await this.open.locator(`${INBOX_REGION} .filters button .count`).first().textContent();
    return Number((text ?? "").replace(/\D/g, ""));
  }

  /**
   * Waits until the inbox lists `expected` conversations, its start-up progress is gone, and nothing has
   * changed in the DOM for `quietMs` (previews decrypted or given up on).
   */
  async settle(expected: number, timeoutMs: number, quietMs = 3000): Promise<number> {
    const started = Date.now();
    const page = this.open;
    await page.waitForFunction(
      ({ region, expected }) => {
        const count = document.querySelector(`${region} .filters button .count`)?.textContent ?? "";
        return Number(count.replace(/\D/g, "")) >= expected && !document.querySelector(`${region} .filling`);
      },
      { region: INBOX_REGION, expected },
      { timeout: timeoutMs, polling: 250 },
    );
    const settledAt = Date.now() - started;
    // Then a quiet screen, so what is measured next (memory) isn't the tail of the fill. Bounded: at 10,000
    // conversations background work (the history index's progress line) can keep the screen changing for many
    // minutes, which left this wait unbounded and the whole benchmark waiting with it.
    const busy = await page.evaluate(
      ({ quiet, maxMs }) =>
        new Promise<string[]>((resolve) => {
          const changed = new Map<string, number>();
          let timer = setTimeout(done, quiet);
          const cap = setTimeout(done, maxMs);
          const observer = new MutationObserver((records) => {
            for (const r of records) {
              const el = r.target instanceof Element ? r.target : r.target.parentElement;
              const name = el ? `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}` : "?";
              changed.set(name, (changed.get(name) ?? 0) + 1);
            }
            clearTimeout(timer);
            timer = setTimeout(done, quiet);
          });
          function done() {
            observer.disconnect();
            clearTimeout(timer);
            clearTimeout(cap);
            resolve([...changed].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`));
          }
          observer.observe(document, {
            subtree: true,
            childList: true,
            characterData: true,
            attributes: true,
          });
        }),
      { quiet: quietMs, maxMs: QUIET_MAX_MS },
    );
    if (Date.now() - started - settledAt >= QUIET_MAX_MS)
      console.log(
        `  (the screen kept changing ${QUIET_MAX_MS / 1000} s after the fill: ${busy.slice(0, 4).join(", ")})`,
      );
    return settledAt;
  }

  /** JS heap of the page after a full GC (CDP), and the renderer process's resident memory (/proc). */
  async memory(): Promise<{ jsHeapUsed: number; jsHeapTotal: number; rendererRss: number }> {
    const page = this.open;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    await new Promise((r) => setTimeout(r, 200));
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("Performance.enable");
    const { metrics } = await cdp.send("Performance.getMetrics");
    await cdp.detach();
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return {
      jsHeapUsed: metric("JSHeapUsedSize"),
      jsHeapTotal: metric("JSHeapTotalSize"),
      rendererRss: this.rendererRss(),
    };
  }

  /** The largest renderer process of this profile's Chromium (the console's page; others are spares). */
  rendererRss(): number {
    let largest = 0;
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (!cmdline.includes("--type=renderer") || !cmdline.includes(this.dir)) continue;
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (rss) largest = Math.max(largest, Number(rss[1]) * 1024);
      } catch {
        // the process ended meanwhile
      }
    }
    return largest;
  }
}

type BenchGlobal = {
  __bench: {
    watch(selector: string, text: string, exact?: boolean): void;
    seen(text: string): number | null;
  };
};

/** Starts watching the page for `text` inside `selector` (see probe.ts). */
export async function watchText(page: Page, selector: string, text: string, exact = false): Promise<void> {
  await page.evaluate(([s, t, e]) => (window as unknown as BenchGlobal).__bench.watch(s, t, e), [
    selector,
    text,
    exact,
  ] as const);
}

/** Wall-clock time `text` appeared (waits for it). */
export async function seenAt(page: Page, text: string, timeoutMs = 30_000): Promise<number> {
  const handle = await page.waitForFunction((t) => (window as unknown as BenchGlobal).__bench.seen(t), text, {
    timeout: timeoutMs,
    polling: 50,
  });
  return (await handle.jsonValue()) as number;
}

/**
 * WSC_BENCH_SYNC_TRACE=1: one line per sliding-sync response of the console — the position sent and received, the
 * rooms and list counts, and the size of each extension (with the to-device batch) — to see what a slow or
 * repeating response carries.
 */
function traceSync(page: Page): void {
  const t0 = Date.now();
  page.on("response", (res) => {
    const req = res.request();
    if (!req.url().includes("simplified_msc3575/sync") || req.method() !== "POST") return;
    const sentPos = new URL(req.url()).searchParams.get("pos");
    let since: unknown;
    try {
      since = (JSON.parse(req.postData() ?? "{}") as { extensions?: { to_device?: { since?: unknown } } })
        .extensions?.to_device?.since;
    } catch {
      since = "?";
    }
    void res
      .text()
      .then((text) => {
        const body = JSON.parse(text) as {
          pos?: string;
          rooms?: Record<string, unknown>;
          lists?: Record<string, { count?: number }>;
          extensions?: Record<string, unknown>;
        };
        const ext = Object.entries(body.extensions ?? {})
          .map(([k, v]) => `${k} ${JSON.stringify(v).length} B`)
          .join(", ");
        const toDevice = body.extensions?.to_device as
          { events?: unknown[]; next_batch?: string } | undefined;
        console.error(
          `  [sync-trace +${((Date.now() - t0) / 1000).toFixed(1)} s] pos ${sentPos} → ${body.pos}; ` +
            `${text.length} B; ${Object.keys(body.rooms ?? {}).length} rooms; lists ${JSON.stringify(
              Object.fromEntries(Object.entries(body.lists ?? {}).map(([k, v]) => [k, v.count])),
            )}; to-device since ${String(since)} → ${toDevice?.next_batch} (${toDevice?.events?.length ?? 0}); ${ext}`,
        );
      })
      .catch((e: Error) => console.error(`  [sync-trace] ${res.status()} unreadable: ${e.message}`));
  });
}
