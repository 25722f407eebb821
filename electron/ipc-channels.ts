// The IPC channel names: the main process's allowlist, shared with the preload (the bundler inlines them).
// The renderer never sees them; it only sees the bridge in contract/bridge.ts.

/** Renderer → main requests that answer (ipcRenderer.invoke / ipcMain.handle). */
export const INVOKE_CHANNELS = {
  secretsGet: "secrets:get",
  secretsSet: "secrets:set",
  secretsDelete: "secrets:delete",
  configGet: "config:get",
  openExternal: "open-external",
  startSso: "sign-in:sso",
} as const;

/** Renderer → main messages with no answer (ipcRenderer.send / ipcMain.on). */
export const SEND_CHANNELS = {
  notify: "notify",
  setBadgeCount: "badge:set",
  setOpenConversation: "conversation:open",
  cancelSso: "sign-in:sso-cancel",
} as const;

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export const EVENT_CHANNELS = {
  notificationClick: "notification:click",
  signInCallback: "sign-in:callback",
} as const;

/** Passed to the preload through `webPreferences.additionalArguments`, so `appVersion` is synchronous. */
export const APP_VERSION_ARGUMENT = "--wallet-support-console-version=";
