// Team metrics, as a desk feature: gathers who wrote when in the wallet conversations (stamps.ts) and the team's
// activity lines (the staff index), then hands them to the pure computation (compute/, loaded only when the
// Metrics screen asks for figures, so it weighs nothing at start). Everything stays on this device: the feature
// reads, it never writes to any room, and no figure reaches a wallet.
import type { Feature } from "../desk/feature.ts";
import type { Readable } from "../observable.ts";
import type { ConversationStamps, CsvWords, Metrics, Range } from "./compute/index.ts";
import { StampReader } from "./stamps.ts";

export type { AgentFigures, CsvWords, DayFigures, DurationSummary, Metrics, Range } from "./compute/index.ts";

export interface MetricsProgress {
  done: number;
  total: number;
}

export interface MetricsApi {
  /** The figures of a range (rejects with the request's error, or an AbortError when cancelled). */
  compute(
    range: Range,
    options?: { signal?: AbortSignal; onProgress?: (progress: MetricsProgress) => void },
  ): Promise<Metrics>;
  /** The figures as a CSV file's text, in the words given. */
  csv(metrics: Metrics, words: CsvWords): Promise<string>;
  /** Whether the team's whole staff-room history is indexed (until then activity figures may be low). */
  readonly teamHistoryComplete: Readable<{ complete: boolean }>;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    metrics: MetricsApi;
  }
}

const PARALLEL = 4;
const loadCompute = () => import("./compute/index.ts");

export const metricsFeature: Feature<MetricsApi> = {
  start(ctx) {
    const staff = ctx.use("staff");
    const status = ctx.use("status");
    const reader = new StampReader(ctx.client);
    // A forgotten conversation leaves no trace here either (the stamps are only times, but still).
    ctx.track(
      ctx.forgotten.records.subscribe((records) => {
        for (const r of records) if (ctx.forgotten.has(r.roomId)) reader.drop(r.roomId);
      }),
    );

    async function gather(
      range: Range,
      signal: AbortSignal | undefined,
      onProgress: ((p: MetricsProgress) => void) | undefined,
    ): Promise<ConversationStamps[]> {
      await staff.index.whenLoaded();
      const records = staff.index.allRecords();
      const activityInRange = (wallet: string) =>
        (records.get(wallet) ?? []).some(
          (r) => r.type === "activity" && r.ts >= range.from && r.ts < range.to,
        );
      // Conversations with something in the range, or possibly waiting now (the wallet wrote last).
      const rows = ctx.inbox
        .conversationRows()
        .filter(
          (row) =>
            row.activityTs >= range.from || row.walletTs > row.supportTs || activityInRange(row.walletUserId),
        );
      const out: ConversationStamps[] = [];
      let done = 0;
      onProgress?.({ done, total: rows.length });
      let next = 0;
      const work = async () => {
        while (next < rows.length) {
          const row = rows[next++]!;
          const rooms = ctx.inbox.roomsOf(row.walletUserId);
          const messages = (
            await Promise.all(rooms.map((r) => reader.read(r.roomId, row.walletUserId, ctx.userId, signal)))
          ).flat();
          const activity = (records.get(row.walletUserId) ?? [])
            .filter((r) => r.type === "activity" && typeof r.content.action === "string")
            .map((r) => ({ ts: r.ts, agent: r.agent, action: r.content.action as string }));
          out.push({ id: row.walletUserId, messages, activity, claimedBy: status.claimedBy(row) });
          onProgress?.({ done: ++done, total: rows.length });
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, work));
      // The same order on every device (the figures don't depend on it, but the agents' order of ties does not
      // either: compute sorts them itself).
      return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }

    return {
      async compute(range, options = {}) {
        const [{ computeMetrics }, conversations] = await Promise.all([
          loadCompute(),
          gather(range, options.signal, options.onProgress),
        ]);
        return computeMetrics({
          conversations,
          range,
          clock: ctx.clock,
          utcOffsetMinutes: (ts) => -new Date(ts).getTimezoneOffset(),
        });
      },
      async csv(metrics, words) {
        const { toCsv } = await loadCompute();
        return toCsv(metrics, words, (ts) => new Date(ts).toISOString());
      },
      teamHistoryComplete: staff.index.progress,
    };
  },
};
