// Renderer entry: picks the platform (the desktop shell's preload bridge when it exists, else the browser),
// starts the core's SupportConsole and mounts the Svelte app on it.
import { mount } from "svelte";
import { SupportConsole } from "./core/console.ts";
import { createElectronPlatform } from "./core/platform/electron.ts";
import type { Platform } from "./core/platform/types.ts";
import { WebPlatform } from "./core/platform/web.ts";
import { preferences } from "./ui/lib/settings.svelte.ts";
import App from "./ui/App.svelte";
import "./ui/app.css";
import { version } from "../package.json";

function systemName(): string {
  const ua = navigator.userAgent;
  if (/Mac OS X|Macintosh/.test(ua)) return "macOS";
  if (/Windows/.test(ua)) return "Windows";
  if (/Linux|X11|CrOS/.test(ua)) return "Linux";
  return "unknown system";
}

/** The agent can turn desktop notifications off in Settings; the core keeps deciding what deserves one. */
function withNotificationSwitch(platform: Platform): Platform {
  const notify = platform.notify.bind(platform);
  platform.notify = (notification) => {
    if (preferences.notifications) notify(notification);
  };
  return platform;
}

const platform = withNotificationSwitch(createElectronPlatform() ?? new WebPlatform(version));
const deviceName = `Wallet Support Console (${systemName()}, ${platform.kind === "electron" ? "desktop" : "web"})`;
const starting = SupportConsole.create(platform, { deviceName });

mount(App, { target: document.getElementById("app")!, props: { starting } });
