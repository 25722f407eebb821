// The labels a test expects the console to show. A console labels wallets with the support account's label key
// (labels.ts), which the account's first device creates at random: the harness learns it from the console it
// signed in (the desk in Node, the web platform's sealed secret store in Chromium) and labels wallets with it.
// A wallet of an account whose key the harness doesn't know gets the provisional label, as a console without it.
import type { Page } from "playwright-core";
import { keyedLabel, walletLabel } from "../../renderer/core/labels.ts";

const keys = new Map<string, Uint8Array>();

/** The console signed in as `supportUserId` has this label key. */
export function rememberLabelKey(supportUserId: string, key: Uint8Array): void {
  keys.set(supportUserId, key.slice());
}

/**
 * Forgets what was learnt for `supportUserId`: the benchmark signs the same account ID in on several servers
 * (sizes, SQLite and PostgreSQL), and a key learnt from one of them is not another's. (Tests keep it: a later
 * device of the same account on the same server shows the first device's labels once it has the recovery key.)
 */
export function forgetLabelKey(supportUserId: string): void {
  keys.delete(supportUserId);
}

/** The label a console of `supportUserId` shows for the wallet `walletUserId`. */
export function expectedLabel(walletUserId: string, supportUserId: string): string {
  const key = keys.get(supportUserId);
  return key ? keyedLabel(key, walletUserId).text : walletLabel(walletUserId);
}

/**
 * Waits until the console has the support account's label key (the first device creates it while setting up
 * recovery) or says it needs the recovery key (a later device: provisional labels), and tells the harness the
 * key so that wallets' `label` match what the page shows. The key is read the way the console reads it: from
 * the web platform's secret store (IndexedDB, sealed with its non-extractable key).
 * `keyGiven`: the recovery key was entered on this console, so it must have the label key — the banner asking
 * for the recovery key is no answer then (it can still show, or show again, while the device's state is
 * re-checked), and the key not arriving is an error.
 */
export async function learnLabelKey(
  page: Page,
  supportUserId: string,
  options: { keyGiven?: boolean } = {},
): Promise<Uint8Array | null> {
  const needsKey = page.getByText(
    /^(Enter the recovery key to read earlier messages on this device|Saisissez la clé de récupération pour lire les messages précédents sur cet appareil)\.$/,
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const stored = await page.evaluate(readSecret, `label-key:${supportUserId}`);
    if (stored) {
      const key = Uint8Array.from(Buffer.from(stored, "base64"));
      rememberLabelKey(supportUserId, key);
      return key;
    }
    if (!options.keyGiven && (await needsKey.count())) return null;
    await page.waitForTimeout(200);
  }
  throw new Error(
    options.keyGiven
      ? `the console signed in as ${supportUserId} was given the recovery key but has no label key`
      : `the console signed in as ${supportUserId} never got its label key nor asked for the recovery key`,
  );
}

/** In the page: one secret of the web platform's store (see renderer/core/platform/web.ts), or null. */
async function readSecret(name: string): Promise<string | null> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open("wsc-platform", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("kv");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const get = <T>(key: string) =>
    new Promise<T | undefined>((resolve, reject) => {
      const request = db.transaction("kv").objectStore("kv").get(key);
      request.onsuccess = () => resolve(request.result as T | undefined);
      request.onerror = () => reject(request.error);
    });
  try {
    const wrapping = await get<CryptoKey>("wrapping-key");
    const sealed = await get<{ iv: Uint8Array; data: ArrayBuffer }>(`secret:${name}`);
    if (!wrapping || !sealed) return null;
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: sealed.iv.slice() },
      wrapping,
      sealed.data,
    );
    return JSON.parse(new TextDecoder().decode(plain)) as string;
  } finally {
    db.close();
  }
}
