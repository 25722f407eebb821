// The IPC surface of the main process: exactly the channels in ipc-channels.ts, each accepted only from
// the app's own top-level frame and only with arguments that pass ipc-arguments.ts. Refusals are logged.
import type {
  AdminConfig,
  DesktopNotification,
  SecretStore,
  SignInCallback,
  SsoRequest,
} from "../contract/index.ts";
import { INVOKE_CHANNELS, SEND_CHANNELS } from "./ipc-channels.ts";
import {
  parseBadgeCount,
  parseExternalUrl,
  parseNoArguments,
  parseNotification,
  parseOpenConversation,
  parseSecretName,
  parseSecretWrite,
  parseSsoRequest,
  type Parsed,
} from "./ipc-arguments.ts";
import type { Logger } from "./logging.ts";
import { isAppUrl } from "./web-security.ts";

/** What the IPC handlers call into; main.ts wires the real modules. */
export interface ShellServices {
  secrets: SecretStore;
  adminConfig(): AdminConfig;
  notify(notification: DesktopNotification): void;
  setBadgeCount(count: number): void;
  /** Resolves false when the URL was refused. */
  openLink(url: string): Promise<boolean>;
  setOpenConversation(conversationId: string | null): void;
  /** Single sign-on through the system browser; resolves with the loopback redirect's answer. */
  startSso(request: SsoRequest): Promise<SignInCallback>;
  cancelSso(): void;
}

/** The slice of IpcMainEvent / IpcMainInvokeEvent checked here. */
export interface IpcEvent {
  senderFrame: { url: string; parent: unknown } | null;
}

/** The slice of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => void): void;
}

/** Only the app's top-level document may talk to the main process: not a sub-frame, not another origin. */
export function isTrustedSender(event: IpcEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/** Thrown back to the renderer (its message crosses IPC); says what was refused, never echoes the input. */
export class IpcRefusedError extends Error {
  constructor(channel: string) {
    super(`The desktop shell refused the request on "${channel}"`);
    this.name = "IpcRefusedError";
  }
}

export const ALLOWED_CHANNELS: readonly string[] = [
  ...Object.values(INVOKE_CHANNELS),
  ...Object.values(SEND_CHANNELS),
];

export function registerIpc(ipcMain: IpcMainLike, services: ShellServices, log: Logger): void {
  function accept<T>(channel: string, event: IpcEvent, parsed: Parsed<T>): parsed is { ok: true; value: T } {
    if (!isTrustedSender(event)) {
      log.warn(`IPC "${channel}" refused: sender is not the app's top-level frame`);
      return false;
    }
    if (!parsed.ok) {
      log.warn(`IPC "${channel}" refused: ${parsed.reason}`);
      return false;
    }
    return true;
  }

  function invoke<T>(
    channel: string,
    parse: (args: readonly unknown[]) => Parsed<T>,
    run: (value: T) => unknown,
  ): void {
    ipcMain.handle(channel, (event, ...args) => {
      const parsed = parse(args);
      if (!accept(channel, event, parsed)) throw new IpcRefusedError(channel);
      return run(parsed.value);
    });
  }

  function listen<T>(
    channel: string,
    parse: (args: readonly unknown[]) => Parsed<T>,
    run: (value: T) => void,
  ): void {
    ipcMain.on(channel, (event, ...args) => {
      const parsed = parse(args);
      if (accept(channel, event, parsed)) run(parsed.value);
    });
  }

  invoke(INVOKE_CHANNELS.secretsGet, parseSecretName, (name) => services.secrets.get(name));
  invoke(INVOKE_CHANNELS.secretsSet, parseSecretWrite, ({ name, value }) =>
    services.secrets.set(name, value),
  );
  invoke(INVOKE_CHANNELS.secretsDelete, parseSecretName, (name) => services.secrets.delete(name));
  invoke(INVOKE_CHANNELS.configGet, parseNoArguments, () => services.adminConfig());
  invoke(INVOKE_CHANNELS.openExternal, parseExternalUrl, async (url) => {
    if (!(await services.openLink(url))) throw new IpcRefusedError(INVOKE_CHANNELS.openExternal);
  });
  listen(SEND_CHANNELS.notify, parseNotification, (notification) => services.notify(notification));
  listen(SEND_CHANNELS.setBadgeCount, parseBadgeCount, (count) => services.setBadgeCount(count));
  listen(SEND_CHANNELS.setOpenConversation, parseOpenConversation, (id) => services.setOpenConversation(id));
  invoke(INVOKE_CHANNELS.startSso, parseSsoRequest, (request) => services.startSso(request));
  listen(SEND_CHANNELS.cancelSso, parseNoArguments, () => services.cancelSso());
}
