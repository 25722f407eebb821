// The secret store behind the renderer's SecretStore: values encrypted with Electron's safeStorage and kept
// in secrets.json in the user-data directory, together with the backend that encrypted them. When the
// backend policy (secrets-policy.ts) says no, the store is locked and every call explains why.
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { SecretStore } from "../contract/index.ts";
import type { Logger } from "./logging.ts";
import { decideSecretStorage, type LinuxPolicy, type SecretStorageDecision } from "./secrets-policy.ts";

/** The slice of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend(): string;
  setUsePlainTextEncryption(usePlainText: boolean): void;
}

interface SecretsFile {
  format: 1;
  backend: string;
  secrets: Record<string, string>;
}

/**
 * The backend recorded in secrets.json, or null (absent or damaged: openSecretStore reports that). Sync on
 * purpose: it runs before app ready, to pin Chromium's --password-store, and ready must not slip past it.
 */
export function readSavedBackend(file: string): string | null {
  try {
    return parseSecretsFile(readFileSync(file, "utf8"), file).backend;
  } catch {
    return null;
  }
}

export class SecretStoreLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretStoreLockedError";
  }
}

/** The policy's decision, or "damaged" when secrets.json itself cannot be understood. */
export type SecretStoreState = SecretStorageDecision | { state: "damaged"; message: string };

export interface OpenedSecretStore {
  decision: SecretStoreState;
  /** Locked (every call rejects with the decision's message) unless decision.state is "ready". */
  store: SecretStore;
  /** After "backend-changed" or "damaged": renames secrets.json aside (never deletes it) to sign in again. */
  setAside(): Promise<string>;
}

export interface OpenSecretStoreOptions {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  file: string;
  policy: LinuxPolicy;
  log: Logger;
}

export async function openSecretStore(options: OpenSecretStoreOptions): Promise<OpenedSecretStore> {
  const { safeStorage, platform, file, policy, log } = options;
  const text = await readTextIfPresent(file);
  let saved: SecretsFile | null;
  try {
    saved = text === null ? null : parseSecretsFile(text, file);
  } catch (error) {
    const message = (error as Error).message;
    log.error(`Secret storage damaged: ${message}`);
    return {
      decision: { state: "damaged", message },
      store: lockedStore(message),
      setAside: aside(file, "damaged"),
    };
  }
  const linuxBackend = platform === "linux" ? safeStorage.getSelectedStorageBackend() : "";
  // Opting into basic_text is only honoured when no keyring is there and the admin asked for it.
  if (platform === "linux" && linuxBackend === "basic_text" && policy === "basic_text") {
    safeStorage.setUsePlainTextEncryption(true);
  }
  const decision = decideSecretStorage({
    platform,
    linuxBackend,
    available: await safeStorage.isAsyncEncryptionAvailable(),
    savedWith: saved?.backend ?? null,
    policy,
  });
  const setAside = aside(file, saved?.backend ?? "none");
  if (decision.state !== "ready") {
    log.error(`Secret storage ${decision.state}: ${decision.message}`);
    return { decision, store: lockedStore(decision.message), setAside };
  }
  if (decision.weak)
    log.warn('Secrets are stored with safeStorage "basic_text" (obfuscation only), as configured');
  const contents: SecretsFile = saved ?? { format: 1, backend: decision.backend, secrets: {} };
  return { decision, store: new SafeSecretStore(safeStorage, file, contents, log), setAside };
}

class SafeSecretStore implements SecretStore {
  readonly #safeStorage: SafeStorageLike;
  readonly #file: string;
  readonly #contents: SecretsFile;
  readonly #log: Logger;
  /** Writes are chained so two quick set() calls never interleave their file writes. */
  #writing: Promise<void> = Promise.resolve();

  constructor(safeStorage: SafeStorageLike, file: string, contents: SecretsFile, log: Logger) {
    this.#safeStorage = safeStorage;
    this.#file = file;
    this.#contents = contents;
    this.#log = log;
  }

  async get(name: string): Promise<string | null> {
    const stored = this.#contents.secrets[name];
    if (stored === undefined) return null;
    const { result, shouldReEncrypt } = await this.#safeStorage.decryptStringAsync(
      Buffer.from(stored, "base64"),
    );
    // The OS rotated its key: store the value again under the new one.
    if (shouldReEncrypt) await this.set(name, result);
    return result;
  }

  async set(name: string, value: string): Promise<void> {
    const encrypted = await this.#safeStorage.encryptStringAsync(value);
    this.#contents.secrets[name] = encrypted.toString("base64");
    await this.#save();
  }

  async delete(name: string): Promise<void> {
    if (!(name in this.#contents.secrets)) return;
    delete this.#contents.secrets[name];
    await this.#save();
  }

  #save(): Promise<void> {
    const next = this.#writing.then(() => writeSecretsFile(this.#file, this.#contents));
    this.#writing = next.catch((error: unknown) => this.#log.error("Could not save secrets", error));
    return next;
  }
}

/** Moves secrets.json to secrets.json.<label>.<time>.json: recoverable by hand, out of the way of a new sign-in. */
function aside(file: string, label: string, now: () => Date = () => new Date()): () => Promise<string> {
  return async () => {
    const stamp = now().toISOString().replace(/[:.]/g, "-");
    const target = `${file}.${label}.${stamp}.json`;
    await rename(file, target);
    return target;
  };
}

function lockedStore(message: string): SecretStore {
  const refuse = (): Promise<never> => Promise.reject(new SecretStoreLockedError(message));
  return { get: refuse, set: refuse, delete: refuse };
}

async function writeSecretsFile(file: string, contents: SecretsFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  // Owner-only: the values are encrypted, but the file is nobody else's business either.
  await writeFile(temporary, JSON.stringify(contents, null, 2), { encoding: "utf8", mode: 0o600 });
  await rename(temporary, file);
}

function parseSecretsFile(text: string, file: string): SecretsFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SecretStoreLockedError(
      `${file} is damaged (not JSON). It was left untouched; move it away to sign in again.`,
    );
  }
  const record = value as Partial<SecretsFile> | null;
  const valid =
    record !== null &&
    typeof record === "object" &&
    record.format === 1 &&
    typeof record.backend === "string" &&
    typeof record.secrets === "object" &&
    record.secrets !== null &&
    Object.values(record.secrets).every((entry) => typeof entry === "string");
  if (!valid) {
    throw new SecretStoreLockedError(
      `${file} is not a secrets file this version understands. It was left untouched.`,
    );
  }
  return record as SecretsFile;
}

async function readTextIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
