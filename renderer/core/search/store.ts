// Where the search index lives between runs: one sealed value (AES-GCM under a key derived from the device key
// for this purpose only) in the session's own IndexedDB database, `<prefix>-search`, which sign-out deletes with
// every other database of the session. The index and the backfill's per-conversation progress are saved
// together, so a restart never believes history was indexed that the saved index doesn't hold.
// Without IndexedDB (Node tests) it lives in memory, sealed all the same.
import { openKeyValueStore, type KeyValueStore } from "../storage/idb.ts";
import { deriveSealingKey, seal, unseal, type Sealed } from "../storage/sealed.ts";
import type { SavedSearchIndex } from "./search-index.ts";

const VERSION = 1;
export const SEARCH_KEY_PURPOSE = "search-index";
export const SEARCH_RECORD = "index";

/** How far the history of one conversation has been read into the index. */
export interface RoomProgress {
  /** Pagination token where the next (older) page starts; null before the first page. */
  back: string | null;
  /** The conversation's beginning was reached. */
  done: boolean;
}

export interface SavedSearch {
  v: number;
  savedAt: number;
  index: SavedSearchIndex;
  progress: Record<string, RoomProgress>;
  /** [event ID, room ID] of messages the guard kept out: a marker, nothing of their content. */
  hiddenSecrets: Array<[string, string]>;
}

export interface SearchStore {
  load(): Promise<SavedSearch | null>;
  save(body: Omit<SavedSearch, "v">): Promise<void>;
  close(): void;
}

export function searchDatabaseName(prefix: string): string {
  return `${prefix}-search`;
}

export async function openSearchStore(prefix: string, deviceKey: Uint8Array): Promise<SearchStore> {
  const key = await deriveSealingKey(deviceKey, SEARCH_KEY_PURPOSE);
  const db: KeyValueStore | null =
    typeof indexedDB === "undefined" ? null : await openKeyValueStore(searchDatabaseName(prefix));
  let memory: Sealed | undefined;
  // Saves are chained, so an older index never lands after a newer one.
  let writing = Promise.resolve();
  return {
    async load() {
      const sealed = db ? await db.get<Sealed>(SEARCH_RECORD) : memory;
      if (!sealed) return null;
      try {
        const body = await unseal<SavedSearch>(key, sealed);
        return body.v === VERSION ? body : null;
      } catch {
        return null; // another device key, or damaged: index again from the server
      }
    },
    save(body) {
      writing = writing
        .catch(() => {}) // a failed save (quota, closed database) must not stop the next one
        .then(async () => {
          const sealed = await seal(key, { v: VERSION, ...body } satisfies SavedSearch);
          if (db) await db.put(SEARCH_RECORD, sealed);
          else memory = sealed;
        });
      return writing;
    },
    close() {
      db?.close();
    },
  };
}

/** A store usable at once while it is still being opened (the feature starts synchronously). */
export function lazySearchStore(opening: Promise<SearchStore>): SearchStore {
  return {
    load: async () => (await opening).load(),
    save: async (body) => (await opening).save(body),
    close: () => {
      void opening.then((store) => store.close()).catch(() => {});
    },
  };
}
