// Full-history search, as a desk feature: every decrypted message of every conversation (text, image and file
// names; notes through the `index` hook), accent- and case-insensitive, grouped by conversation. Fed by the
// sync windows, the open conversation's timeline and a background backfill of history that pauses while the
// agent is busy; sealed at rest in the session's own database (deleted on sign-out with the others).
// A message the guard hides never enters the index: only its event ID is kept, as a marker.
import type { Feature } from "../desk/feature.ts";
import type { TimelineItem } from "../conversation/items.ts";
import type { Readable } from "../observable.ts";
import type { SearchDoc } from "./documents.ts";
import { Indexer, type IndexProgress } from "./indexer.ts";
import type { SearchLimits, SearchResults } from "./search-index.ts";
import { lazySearchStore, openSearchStore } from "./store.ts";

export type { SearchDoc } from "./documents.ts";
export type { IndexProgress } from "./indexer.ts";
export type { SearchGroup, SearchHit, SearchResults } from "./search-index.ts";

export interface SearchApi {
  /** How far the index has got (for the progress line under the search box). */
  readonly progress: Readable<IndexProgress>;
  /** Full-history results grouped by conversation (empty until the saved index has loaded). */
  search(query: string, limits?: SearchLimits): SearchResults;
  /**
   * The hook for other features (team notes): index a document, or replace the one with the same ID. Use IDs
   * of your own namespace ("note:<id>") and `from: "note"`, `kind: "note"`.
   */
  index(doc: SearchDoc): void;
  /** Removes a document indexed through `index` (a deleted note). */
  remove(id: string): void;
  /** Removes every document of a conversation and saves the index without them (forgetting it). */
  forgetRoom(roomId: string): Promise<void>;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    search: SearchApi;
  }
}

/** The open conversation's messages as documents (they are decrypted already). */
function documentsOf(roomId: string, items: readonly TimelineItem[]): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const item of items) {
    if (item.status !== "sent" || item.secret !== null || !item.text.trim()) continue;
    if (item.kind !== "text" && item.kind !== "image" && item.kind !== "file") continue;
    docs.push({ id: item.id, roomId, ts: item.ts, from: item.from, kind: item.kind, text: item.text.trim() });
  }
  return docs;
}

export const searchFeature: Feature<SearchApi> = {
  start(ctx) {
    const store = lazySearchStore(openSearchStore(ctx.storage.prefix, ctx.storage.deviceKey));
    const indexer = new Indexer({
      client: ctx.client,
      supportUserId: ctx.userId,
      clock: ctx.clock,
      store,
      rooms: () => ctx.inbox.all().map((row) => row.roomId),
      walletOf: (roomId) => ctx.inbox.get(roomId)?.walletUserId ?? null,
      busy: () => ctx.attention.isBusy(ctx.clock.now()),
    });
    ctx.track(() => {
      indexer.stop();
      void indexer.flush().finally(() => store.close());
    });
    ctx.onFlush(() => indexer.flush());

    ctx.track(
      ctx.taps.onRoom((roomId, update) => {
        if (update.invite_state || !ctx.inbox.get(roomId)) return;
        const timeline = Array.isArray(update.timeline) ? update.timeline : [];
        indexer.syncWindow(roomId, timeline, !!update.limited || !!update.initial);
      }),
    );
    // A conversation listed for the first time: the backfill has a new history to read.
    ctx.track(ctx.inbox.onChange((_row, previous) => previous === undefined && indexer.poke()));

    let unwatch: (() => void) | null = null;
    ctx.track(
      ctx.conversations.current.subscribe((conversation) => {
        unwatch?.();
        unwatch = conversation
          ? conversation.view.subscribe((view) => {
              for (const doc of documentsOf(view.roomId, view.items)) indexer.add(doc);
            })
          : null;
      }),
    );
    ctx.track(() => unwatch?.());

    // The saved index first (search answers from it at once); history only once the first sync is in, so
    // the backfill never competes with the inbox filling up.
    const loading = indexer.load().catch((err: Error) => console.warn(`[search] ${err.message}`));
    let started = false;
    ctx.track(
      ctx.phase.subscribe((phase) => {
        if (phase !== "ready" || started) return;
        started = true;
        void loading
          .then(() => indexer.backfill())
          .catch((err: Error) => console.warn(`[search] ${err.message}`));
      }),
    );

    return {
      progress: indexer.view,
      search: (query, limits) => indexer.searchIndex.search(query, limits),
      index: (doc) => indexer.add(doc),
      remove: (id) => indexer.remove(id),
      forgetRoom: async (roomId) => {
        await loading;
        await indexer.forgetRoom(roomId);
      },
    };
  },
};
