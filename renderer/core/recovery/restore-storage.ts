// Where the key-backup restore records its progress between runs: sealed in IndexedDB with the device key,
// next to the inbox snapshot and the outbox (the data store the session deletes at sign-out). Without
// IndexedDB (Node tests) it lives in memory only.
import { openKeyValueStore } from "../storage/idb.ts";
import { deriveSealingKey, seal, unseal, type Sealed } from "../storage/sealed.ts";
import type { RestoreRecord, RestoreStorage } from "./backup-restore.ts";

const KEY = "backup-restore";

export function memoryRestoreStorage(): RestoreStorage {
  let saved: RestoreRecord | null = null;
  return {
    load: async () => saved,
    save: async (record) => {
      saved = structuredClone(record);
    },
  };
}

export async function sealedRestoreStorage(prefix: string, deviceKey: Uint8Array): Promise<RestoreStorage> {
  if (typeof indexedDB === "undefined") return memoryRestoreStorage();
  const [db, key] = await Promise.all([
    openKeyValueStore(`${prefix}-data`),
    deriveSealingKey(deviceKey, "backup-restore"),
  ]);
  let writing = Promise.resolve();
  return {
    load: async () => {
      const sealed = await db.get<Sealed>(KEY);
      if (!sealed) return null;
      try {
        return await unseal<RestoreRecord>(key, sealed);
      } catch {
        return null; // damaged or another device's: the restore starts over (it is idempotent)
      }
    },
    // Chained, so an older record never lands after a newer one.
    save: (record) => {
      writing = writing.then(async () => db.put(KEY, await seal(key, record))).catch(() => {});
      return writing;
    },
  };
}
