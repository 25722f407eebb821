// Sealing the console's own data at rest (inbox snapshot, outbox) with AES-GCM under a key derived from the
// per-device key the platform keeps secret. Decrypted message previews and queued replies never touch disk
// in clear.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Derives a purpose-bound AES-GCM key from the 32-byte device key (HKDF, so the crypto store key is not reused). */
export async function deriveSealingKey(deviceKey: Uint8Array, purpose: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", deviceKey.slice(), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(32),
      info: encoder.encode(`wallet-support-console:${purpose}`),
    },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    key,
    encoder.encode(JSON.stringify(value)),
  );
  return { iv, data };
}

/** Opens a sealed value; throws when the key is wrong or the data was tampered with. */
export async function unseal<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv.slice() }, key, sealed.data);
  return JSON.parse(decoder.decode(plain)) as T;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
