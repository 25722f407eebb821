// A minimal promise wrapper over IndexedDB: one object store per database, string keys. Enough for the
// console's own data (platform secrets, the inbox snapshot, the outbox); the crypto store is the SDK's.

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
  close(): void;
}

const STORE = "kv";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

export async function openKeyValueStore(name: string): Promise<KeyValueStore> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
  };
  const db = await request(open);
  const tx = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    get: <T>(key: string) => request(tx("readonly").get(key)) as Promise<T | undefined>,
    put: async (key, value) => {
      await request(tx("readwrite").put(value, key));
    },
    delete: async (key) => {
      await request(tx("readwrite").delete(key));
    },
    keys: async () => (await request(tx("readonly").getAllKeys())).map(String),
    close: () => db.close(),
  };
}

export async function deleteDatabase(name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error(`Could not delete ${name}`));
    // Another tab holding the database open: deletion completes when it closes; don't hang sign-out on it.
    req.onblocked = () => resolve();
  });
}

/** Databases whose names start with the prefix (Chromium supports indexedDB.databases()). */
export async function databasesWithPrefix(prefix: string): Promise<string[]> {
  const all = (await indexedDB.databases?.()) ?? [];
  return all.map((d) => d.name ?? "").filter((n) => n.startsWith(prefix));
}
