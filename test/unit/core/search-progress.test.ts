// The history index's progress line at scale: while thousands of conversations are indexed, its counts are
// published at most once a second (not on every message), and the last count is never lost.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../renderer/core/clock.ts";
import type { HistoryClient } from "../../../renderer/core/history/reader.ts";
import { Indexer, type IndexProgress } from "../../../renderer/core/search/indexer.ts";
import type { SearchStore } from "../../../renderer/core/search/store.ts";

function indexer(clock: ManualClock): Indexer {
  const store: SearchStore = { load: async () => null, save: async () => {}, close: () => {} };
  return new Indexer({
    // Never reached: these tests only add live documents.
    client: {} as HistoryClient,
    supportUserId: "@support:example.org",
    clock,
    store,
    rooms: () => ["!a:example.org"],
    busy: () => false,
  });
}

describe("search index progress", () => {
  it("publishes the message count at most once a second and always publishes the last one", async () => {
    const clock = new ManualClock();
    const ix = indexer(clock);
    await ix.load();
    const seen: IndexProgress[] = [];
    const stop = ix.view.subscribe((p) => seen.push(p));
    const before = seen.length;
    for (let i = 0; i < 500; i++) {
      ix.add({
        id: `$e${i}`,
        roomId: "!a:example.org",
        ts: i,
        from: "wallet",
        kind: "text",
        text: `hello ${i}`,
      });
      if (i % 50 === 49) {
        clock.advance(100); // 500 messages over 1 s of the console's clock…
        await new Promise((r) => setTimeout(r, 20)); // …and frames passing on the real one
      }
    }
    clock.advance(1000);
    await new Promise((r) => setTimeout(r, 20));
    const published = seen.slice(before);
    // One at once (the first change), then at most one per second: 500 changes over ~2 s make ≤ 3 reports.
    expect(published.length).toBeGreaterThanOrEqual(1);
    expect(published.length).toBeLessThanOrEqual(3);
    expect(published.at(-1)!.messages).toBe(500);
    stop();
    ix.stop();
  });
});
