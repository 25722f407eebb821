// The staff index at rest: sealed with the device key in the session's IndexedDB (so notes never touch disk in
// clear, and sign-out deletes them with the rest of the session's data), one entry per conversation so a new
// note rewrites one small entry, not the whole index. Without IndexedDB (Node tests) it lives in memory.
import { openKeyValueStore, type KeyValueStore } from "../storage/idb.ts";
import { deriveSealingKey, seal, unseal, type Sealed } from "../storage/sealed.ts";

export interface StaffStorage {
  /** Every entry whose key starts with `prefix`. */
  loadAll<T>(prefix: string): Promise<Map<string, T>>;
  save(key: string, value: unknown): Promise<void>;
  close(): void;
}

export function memoryStaffStorage(): StaffStorage {
  const data = new Map<string, string>();
  return {
    loadAll: async <T>(prefix: string) => {
      const out = new Map<string, T>();
      for (const [key, value] of data) if (key.startsWith(prefix)) out.set(key, JSON.parse(value) as T);
      return out;
    },
    save: async (key, value) => {
      data.set(key, JSON.stringify(value));
    },
    close: () => {},
  };
}

export async function sealedStaffStorage(prefix: string, deviceKey: Uint8Array): Promise<StaffStorage> {
  if (typeof indexedDB === "undefined") return memoryStaffStorage();
  const [db, key]: [KeyValueStore, CryptoKey] = await Promise.all([
    openKeyValueStore(`${prefix}-data`),
    deriveSealingKey(deviceKey, "staff-index"),
  ]);
  let writing = Promise.resolve();
  return {
    loadAll: async <T>(keyPrefix: string) => {
      const out = new Map<string, T>();
      const keys = (await db.keys()).filter((k) => k.startsWith(keyPrefix));
      await Promise.all(
        keys.map(async (k) => {
          const sealed = await db.get<Sealed>(k);
          if (!sealed) return;
          try {
            out.set(k, await unseal<T>(key, sealed));
          } catch {
            // Another device key or damaged: the server still has it; the index refills from the staff room.
          }
        }),
      );
      return out;
    },
    // Chained, so an older state of an entry never lands after a newer one.
    save: (k, value) => {
      writing = writing.then(async () => db.put(k, await seal(key, value))).catch(() => {});
      return writing;
    },
    close: () => db.close(),
  };
}
