// MiniSearch's vacuum walks its radix tree with an iterator and, every `batchSize` terms, waits `batchWait` ms
// (0 counts as the default 10 ms). A document added meanwhile can split a node the iterator still holds, and
// the vacuum dies on "Cannot read properties of undefined (reading 'keys')" — an unhandled rejection in the
// page, after which that index never vacuums again (MiniSearch 7.2; reproduced by adding documents while its
// automatic vacuum runs, which is what live messages and the conversation tiers' re-indexing do). So the
// indexes here are built with `autoVacuum: false` and vacuumed in one pass, at moments the code chooses
// (before an index is saved, after a conversation is forgotten), with nothing able to run in between.
import type MiniSearch from "minisearch";

/** MiniSearch's own thresholds for its automatic vacuum: this many discarded documents, this share of all. */
const MIN_DIRT_COUNT = 20;
const MIN_DIRT_FACTOR = 0.1;

/**
 * Drops what discarded documents left in the term index, synchronously: with a batch larger than any index,
 * MiniSearch's loop never waits, so the whole walk runs before this returns. `always` vacuums any dirt (a
 * forgotten conversation's words must not stay); otherwise only past MiniSearch's own thresholds.
 */
export function vacuumNow<T>(mini: MiniSearch<T>, always = false): void {
  const dirt = mini.dirtCount;
  if (dirt === 0) return;
  if (!always && (dirt < MIN_DIRT_COUNT || mini.dirtFactor < MIN_DIRT_FACTOR)) return;
  void mini.vacuum({ batchSize: Number.MAX_SAFE_INTEGER, batchWait: 0 });
}
