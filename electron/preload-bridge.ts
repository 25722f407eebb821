// The renderer-facing bridge built by the preload: typed functions that forward to the allowlisted IPC
// channels. It never hands out ipcRenderer, an IPC event or a channel name chosen by the page.
import type { AdminConfig, ConsoleBridge, DesktopNotification, SignInCallback } from "../contract/index.ts";
import { APP_VERSION_ARGUMENT, EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from "./ipc-channels.ts";

/** The slice of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The version the main process passed through webPreferences.additionalArguments. */
export function appVersionFrom(argv: readonly string[]): string {
  const argument = argv.find((value) => value.startsWith(APP_VERSION_ARGUMENT));
  return argument === undefined ? "unknown" : argument.slice(APP_VERSION_ARGUMENT.length);
}

export function createBridge(ipcRenderer: IpcRendererLike, argv: readonly string[]): ConsoleBridge {
  /** Subscribes `handler` to a main → renderer event, passing on only arguments that `accept` recognises. */
  function subscribe<T>(channel: string, accept: (value: unknown) => T | null, handler: (value: T) => void) {
    const listener = (_event: unknown, value: unknown): void => {
      const accepted = accept(value);
      if (accepted !== null) handler(accepted);
    };
    ipcRenderer.on(channel, listener);
    return (): void => {
      ipcRenderer.removeListener(channel, listener);
    };
  }

  return {
    appVersion: appVersionFrom(argv),
    secrets: {
      get: async (name) => (await ipcRenderer.invoke(INVOKE_CHANNELS.secretsGet, name)) as string | null,
      set: async (name, value) => {
        await ipcRenderer.invoke(INVOKE_CHANNELS.secretsSet, name, value);
      },
      delete: async (name) => {
        await ipcRenderer.invoke(INVOKE_CHANNELS.secretsDelete, name);
      },
    },
    getConfig: async () => (await ipcRenderer.invoke(INVOKE_CHANNELS.configGet)) as AdminConfig,
    notify: (notification: DesktopNotification) => {
      // Copy the three fields: whatever else the page put on the object stays in the page.
      const { title, body, conversationId } = notification;
      ipcRenderer.send(SEND_CHANNELS.notify, { title, body, conversationId });
    },
    onNotificationClick: (handler) =>
      subscribe(
        EVENT_CHANNELS.notificationClick,
        (value) => (typeof value === "string" ? value : null),
        handler,
      ),
    setBadgeCount: (count) => ipcRenderer.send(SEND_CHANNELS.setBadgeCount, count),
    openExternal: async (url) => {
      await ipcRenderer.invoke(INVOKE_CHANNELS.openExternal, url);
    },
    setOpenConversation: (conversationId) =>
      ipcRenderer.send(SEND_CHANNELS.setOpenConversation, conversationId),
    onSignInCallback: (handler) => subscribe(EVENT_CHANNELS.signInCallback, asSignInCallback, handler),
    startSso: async (request) => {
      // Copy the fields: whatever else the page put on the object stays in the page.
      const { homeserverUrl, providerId, state } = request;
      const answer = asSignInCallback(
        await ipcRenderer.invoke(INVOKE_CHANNELS.startSso, {
          homeserverUrl,
          state,
          ...(providerId === undefined ? {} : { providerId }),
        }),
      );
      if (answer === null) throw new Error("The desktop shell returned no sign-in answer");
      return answer;
    },
    cancelSso: () => ipcRenderer.send(SEND_CHANNELS.cancelSso),
  };
}

function asSignInCallback(value: unknown): SignInCallback | null {
  if (typeof value !== "object" || value === null) return null;
  const { loginToken, state } = value as Record<string, unknown>;
  if (typeof loginToken !== "string") return null;
  return typeof state === "string" ? { loginToken, state } : { loginToken };
}
