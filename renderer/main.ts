// Renderer entry: picks the platform (the desktop shell's preload bridge when it exists, else the browser),
// starts the core's SupportConsole and mounts the Svelte app on it.
import { mount } from "svelte";
import { mark } from "./core/marks.ts";
import { SupportConsole } from "./core/console.ts";
import { createElectronPlatform } from "./core/platform/electron.ts";
import type { NotificationRequest } from "./core/notifications/notify.ts";
import type { DesktopNotification } from "./core/platform/types.ts";
import { WebPlatform } from "./core/platform/web.ts";
import { desktopSsoTransport, takeSignInAnswer, webSsoTransport } from "./core/session/sso-transport.ts";
import { preferences } from "./ui/lib/settings.svelte.ts";
import { notificationForDisplay } from "./ui/lib/notification-content.ts";
import App from "./ui/App.svelte";
import { t, type MessageKey } from "./ui/i18n/index.svelte.ts";
import { walletName } from "./ui/lib/wallet-name.ts";
import "./ui/app.css";
import { version } from "../package.json";

function systemName(): string {
  const ua = navigator.userAgent;
  if (/Mac OS X|Macintosh/.test(ua)) return "macOS";
  if (/Windows/.test(ua)) return "Windows";
  if (/Linux|X11|CrOS/.test(ua)) return "Linux";
  return "unknown system";
}

/**
 * The core decides what deserves a notification; the UI words it once, in the agent's language (the wallet's
 * text only when the agent chose to show content), and leaves it out when the agent turned notifications off.
 */
function describeNotification(request: NotificationRequest): DesktopNotification | null {
  if (!preferences.notifications) return null;
  // The wallet's name in the agent's language, as the inbox shows it.
  return {
    ...notificationForDisplay(request, preferences.notificationContent, {
      hidden: t("notification.hidden"),
      kind: (kind) => t(`preview.${kind}` as MessageKey),
    }),
    title: walletName(request.label),
  };
}

mark("main");
const electron = createElectronPlatform();
const platform = electron ?? new WebPlatform(version);
const deviceName = `Wallet Support Console (${systemName()}, ${platform.kind === "electron" ? "desktop" : "web"})`;
// A sign-in answer in the address (the web build's single sign-on redirect, or a one-time link such as the
// demo's) leaves the address bar and history at once; the sign-in flow judges it (an answer to an attempt this
// console started, or a "Sign in as …?" question), never the address.
const answer = takeSignInAnswer(location, history);
const starting = SupportConsole.create(platform, {
  deviceName,
  ui: { describeNotification },
  sso: electron ? desktopSsoTransport(electron) : webSsoTransport(location),
});
void starting.then((app) => {
  if (answer) void app.signIns.receive(answer);
  electron?.onSignInCallback((callback) => void app.signIns.receive(callback));
});

mount(App, { target: document.getElementById("app")!, props: { starting } });
