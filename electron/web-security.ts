// What web content may do: navigation stays inside the app, new windows are never opened (http(s)/mailto
// links go to the system browser after validation), <webview> is refused, and the only permissions granted
// are notifications (plus local-network access when the admin's homeserver lives on the local network).
import { APP_HOST, APP_SCHEME } from "./app-protocol.ts";
import { checkExternalUrl } from "./external-links.ts";
import type { Logger } from "./logging.ts";

/** True for URLs of the app itself (app://console/…), or its bare origin as permission checks pass it. */
export function isAppUrl(url: string): boolean {
  try {
    // Not `.origin`: Node's URL reports "null" for schemes it does not know, and app: is Electron's.
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === "";
  } catch {
    return false;
  }
}

export type LeaveDecision = { allow: true } | { allow: false; openExternally: string | null };

/** A top-level navigation: only within the app; a link elsewhere is offered to the system browser instead. */
export function decideNavigation(url: string): LeaveDecision {
  if (isAppUrl(url)) return { allow: true };
  const external = checkExternalUrl(url);
  return { allow: false, openExternally: external.ok ? external.url : null };
}

/** window.open / target=_blank: never a new Electron window; http(s)/mailto go to the system browser. */
export function decideWindowOpen(url: string): { action: "deny"; openExternally: string | null } {
  const external = checkExternalUrl(url);
  return { action: "deny", openExternally: external.ok ? external.url : null };
}

/** Chromium's names for local-network access (Local Network Access, Chromium 138+). */
const LOCAL_NETWORK_PERMISSIONS = new Set(["local-network-access", "local-network", "loopback-network"]);

export interface PermissionPolicy {
  /** Granted only when the configured homeserver is on a loopback or private address. */
  allowLocalNetwork: boolean;
}

/** Whether the app's page may use `permission`. Anything from another origin is refused. */
export function decidePermission(
  permission: string,
  requestingUrl: string,
  policy: PermissionPolicy,
): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (permission === "notifications") return true;
  // Writing to the clipboard (sanitized by Chromium) lets "Copy" put the recovery key or a diagnostic card there;
  // reading it stays refused: the clipboard may hold anything the agent copied elsewhere.
  if (permission === "clipboard-sanitized-write") return true;
  return policy.allowLocalNetwork && LOCAL_NETWORK_PERMISSIONS.has(permission);
}

/** Whether the homeserver URL points at this machine or a private network (RFC 1918, link-local, .local). */
export function isLocalNetworkUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  } catch {
    return false;
  }
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local")) return true;
  if (host === "::1" || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe80:/.test(host)) return true;
  const ipv4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (ipv4 === null) return false;
  const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
  return (
    a === 127 ||
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

// The narrow slices of Electron's WebContents and Session used here, so tests can pass small fakes.
export interface PreventableEvent {
  preventDefault(): void;
}
export interface GuardedWebContents {
  on(
    event: "will-navigate" | "will-redirect",
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  on(event: "will-attach-webview", listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }): void;
}
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

/** Applied to every web contents the app creates (app.on("web-contents-created")). */
export function guardWebContents(
  contents: GuardedWebContents,
  openExternal: (url: string) => void,
  log: Logger,
): void {
  const onLeave = (event: PreventableEvent, url: string): void => {
    const decision = decideNavigation(url);
    if (decision.allow) return;
    event.preventDefault();
    if (decision.openExternally !== null) openExternal(decision.openExternally);
    else log.warn(`Blocked navigation away from the app to a ${schemeOf(url)} URL`);
  };
  contents.on("will-navigate", onLeave);
  contents.on("will-redirect", onLeave);
  contents.on("will-attach-webview", (event) => {
    event.preventDefault();
    log.warn("Blocked an attempt to attach a <webview>");
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally !== null) openExternal(decision.openExternally);
    else log.warn(`Blocked a new window for a ${schemeOf(url)} URL`);
    return { action: decision.action };
  });
}

/** Installs the permission policy on a session (both the prompt and the silent check paths). */
export function guardPermissions(session: GuardedSession, policy: PermissionPolicy, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = decidePermission(permission, details.requestingUrl, policy);
    if (!granted) log.info(`Denied permission "${permission}"`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    decidePermission(permission, requestingOrigin, policy),
  );
}

/** Logs carry only the scheme of a refused URL: the URL itself may hold tokens or personal data. */
function schemeOf(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return match?.[1]?.toLowerCase() ?? "malformed";
}
