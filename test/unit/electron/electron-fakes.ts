// Small hand-written fakes of Electron's own APIs (safeStorage, ipcMain/ipcRenderer), passed to the
// shell's modules as parameters. They model the behaviour the modules rely on, including the failures.
import type { IpcEvent, IpcMainLike } from "../../../electron/ipc.ts";
import type { IpcRendererLike } from "../../../electron/preload-bridge.ts";
import type { SafeStorageLike } from "../../../electron/secrets.ts";

/**
 * safeStorage as Chromium's os_crypt behaves: a backend chosen per run, ciphertext that only the backend
 * (and key) that wrote it can read, and basic_text available only once plain-text encryption is allowed.
 */
export class FakeSafeStorage implements SafeStorageLike {
  backend: string;
  keyringAnswers: boolean;
  plainTextAllowed = false;
  /** Simulates an OS key rotation: decrypts report shouldReEncrypt. */
  rotated = false;

  constructor(options: { backend?: string; keyringAnswers?: boolean } = {}) {
    this.backend = options.backend ?? "gnome_libsecret";
    this.keyringAnswers = options.keyringAnswers ?? true;
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.backend === "basic_text" ? this.plainTextAllowed : this.keyringAnswers;
  }

  setUsePlainTextEncryption(usePlainText: boolean): void {
    this.plainTextAllowed = usePlainText;
  }

  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!(await this.isAsyncEncryptionAvailable())) {
      throw new Error(
        "Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.",
      );
    }
    return Buffer.concat([Buffer.from(`${this.key()}|`), this.scramble(Buffer.from(plainText, "utf8"))]);
  }

  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const prefix = Buffer.from(`${this.key()}|`);
    if (!encrypted.subarray(0, prefix.length).equals(prefix)) {
      throw new Error("Error while decrypting the ciphertext provided to safeStorage.decryptString.");
    }
    const result = this.scramble(encrypted.subarray(prefix.length)).toString("utf8");
    return { result, shouldReEncrypt: this.rotated };
  }

  private key(): string {
    return `${this.backend}:${this.rotated ? "k2" : "k1"}`;
  }

  private scramble(bytes: Buffer): Buffer {
    return Buffer.from(bytes.map((byte) => byte ^ 0x5a));
  }
}

type Listener = (event: IpcEvent, ...args: unknown[]) => unknown;

/**
 * ipcMain and ipcRenderer wired to each other in memory, with the sender frame the main process sees.
 * Arguments go through structuredClone, as Electron's IPC serialises them.
 */
export class FakeIpc {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Listener>();
  readonly rendererListeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  senderFrame: IpcEvent["senderFrame"] = { url: "app://console/index.html", parent: null };

  readonly main: IpcMainLike = {
    handle: (channel, listener) => {
      if (this.handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, listener);
    },
    on: (channel, listener) => {
      this.listeners.set(channel, listener);
    },
  };

  readonly renderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      const handler = this.handlers.get(channel);
      if (handler === undefined)
        throw new Error(`Error invoking remote method '${channel}': No handler registered`);
      try {
        return structuredClone(await handler({ senderFrame: this.senderFrame }, ...structuredClone(args)));
      } catch (error) {
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
      }
    },
    send: (channel, ...args) => {
      this.listeners.get(channel)?.({ senderFrame: this.senderFrame }, ...structuredClone(args));
    },
    on: (channel, listener) => {
      const set = this.rendererListeners.get(channel) ?? new Set();
      set.add(listener);
      this.rendererListeners.set(channel, set);
    },
    removeListener: (channel, listener) => {
      this.rendererListeners.get(channel)?.delete(listener);
    },
  };

  /** webContents.send from the main process. */
  sendToRenderer(channel: string, ...args: unknown[]): void {
    for (const listener of this.rendererListeners.get(channel) ?? [])
      listener({ sender: "ipcRenderer" }, ...structuredClone(args));
  }
}
