// Where the outbox lives between runs: sealed in IndexedDB with the device key (queued replies are private
// text). Without IndexedDB (Node tests) it lives in memory only.
import { openKeyValueStore } from "../storage/idb.ts";
import { deriveSealingKey, seal, unseal, type Sealed } from "../storage/sealed.ts";
import type { OutboxItem, OutboxStorage } from "./outbox.ts";

export function memoryOutboxStorage(): OutboxStorage {
  let items: OutboxItem[] = [];
  return {
    load: async () => items,
    save: async (next) => {
      items = next;
    },
  };
}

export async function sealedOutboxStorage(prefix: string, deviceKey: Uint8Array): Promise<OutboxStorage> {
  if (typeof indexedDB === "undefined") return memoryOutboxStorage();
  const [db, key] = await Promise.all([
    openKeyValueStore(`${prefix}-data`),
    deriveSealingKey(deviceKey, "outbox"),
  ]);
  let writing = Promise.resolve();
  return {
    load: async () => {
      const sealed = await db.get<Sealed>("outbox");
      if (!sealed) return [];
      try {
        return await unseal<OutboxItem[]>(key, sealed);
      } catch {
        return [];
      }
    },
    // Writes are chained so an older state never lands after a newer one.
    save: (items) => {
      writing = writing.then(async () => db.put("outbox", await seal(key, items))).catch(() => {});
      return writing;
    },
  };
}
