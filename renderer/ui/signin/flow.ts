// The sign-in flow the sign-in screen drives, until the app-lifetime object owns one and passes it in (then
// Root renders the link confirmation and the browser steps for a signed-in console too; see the README's
// "Sign-in links and single sign-on"). Until then a proven session boots by being saved and the page
// restarting onto it, exactly as a restart resumes a saved session: the screen only exists while signed out,
// so there is no running session to stop.
import type { SupportConsole } from "../../core/console.ts";
import type { ElectronPlatform } from "../../core/platform/electron.ts";
import { SignInFlow } from "../../core/session/sign-in-flow.ts";
import { desktopSsoTransport, webSsoTransport } from "../../core/session/sso-transport.ts";

let created: SignInFlow | null = null;

function systemName(): string {
  const ua = navigator.userAgent;
  if (/Mac OS X|Macintosh/.test(ua)) return "macOS";
  if (/Windows/.test(ua)) return "Windows";
  if (/Linux|X11|CrOS/.test(ua)) return "Linux";
  return "unknown system";
}

export function screenFlow(app: SupportConsole): SignInFlow {
  if (created) return created;
  const platform = app.platform;
  const deviceName = `Wallet Support Console (${systemName()}, ${platform.kind === "electron" ? "desktop" : "web"})`;
  created = new SignInFlow({
    platform,
    config: app.config,
    sessionContext: () => ({ platform, config: app.config, deviceName }),
    running: () => (app.userId ? { userId: app.userId, ended: app.sessionEnded.get() !== null } : null),
    boot: async () => {
      location.reload();
      // The page is going; the flow stays on "signing in" until it has.
      await new Promise(() => {});
    },
    sso:
      platform.kind === "electron"
        ? desktopSsoTransport(platform as unknown as ElectronPlatform)
        : webSsoTransport(location),
  });
  return created;
}
