// Entry point of the main process (bundled to dist/electron/main.cjs): wires the per-concern modules to
// Electron. Policy lives in those modules and is unit-tested there; this file only connects them, in the
// order Electron needs (privileged schemes, sandbox and switches before ready; everything else after).
import { createServer } from "node:http";
import { join } from "node:path";
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from "electron";
// The Node flavour on purpose: electron-log/main registers its own "__ELECTRON_LOG__" IPC channels on
// import, outside the allowlist in ipc.ts. The main process logs only its own lines.
import electronLog from "electron-log/node";
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  APP_START_URL,
  createAppProtocolHandler,
} from "./app-protocol.ts";
import { APP_ID, PRODUCT_NAME } from "./app-identity.ts";
import { appPaths, profileDirFrom, userDataPaths } from "./app-paths.ts";
import { applyUnreadCount, overlayDot } from "./badge.ts";
import { EVENT_CHANNELS } from "./ipc-channels.ts";
import { ConfigError, loadConfigFiles, toAdminConfig, type ShellConfig } from "./config.ts";
import { buildCsp } from "./csp.ts";
import { createDeepLinkRouter, findDeepLink, registerDeepLinkScheme } from "./deep-link.ts";
import { openExternalLink } from "./external-links.ts";
import { registerIpc } from "./ipc.ts";
import { configureLogging } from "./logging.ts";
import { createNotifier } from "./notifications.ts";
import { createSsoService } from "./sso-loopback.ts";
import { passwordStoreSwitch } from "./secrets-policy.ts";
import { openSecretStore, readSavedBackend, type OpenedSecretStore } from "./secrets.ts";
import { createTray, decideClose, type TrayController } from "./tray.ts";
import { guardPermissions, guardWebContents, isLocalNetworkUrl } from "./web-security.ts";
import { loadWindowState, trackWindowState } from "./window-state.ts";
import { createMainWindow, revealWindow } from "./window.ts";

const profileDir = profileDirFrom(process.argv);
if (profileDir !== null) app.setPath("userData", profileDir);
const files = appPaths(__dirname);
const userFiles = userDataPaths(app.getPath("userData"));
const log = configureLogging(electronLog, {
  verbose: !app.isPackaged,
  file: join(userFiles.logs, "main.log"),
});

let mainWindow: BrowserWindow | null = null;
let quitting = false;

function fail(title: string, detail: string): void {
  log.error(`${title}: ${detail}`);
  dialog.showErrorBox(title, detail);
  app.exit(1);
}

/** Keeps Chromium on the backend the secrets were written with (see secrets-policy.ts). Before ready. */
function pinSecretBackend(): void {
  if (process.platform !== "linux" || app.commandLine.hasSwitch("password-store")) return;
  const saved = readSavedBackend(userFiles.secrets);
  const value = saved === null ? null : passwordStoreSwitch(saved);
  if (value !== null) app.commandLine.appendSwitch("password-store", value);
}

async function loadConfig(): Promise<ShellConfig | null> {
  try {
    return await loadConfigFiles([files.bundledConfig], [userFiles.config]);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    fail(
      `${PRODUCT_NAME} cannot start`,
      `${error.message}\n\nCorrect config.json and start the console again.`,
    );
    return null;
  }
}

/** Opens the secret store, asking the agent what to do when the saved secrets cannot be used as they are. */
async function loadSecrets(config: ShellConfig): Promise<OpenedSecretStore | null> {
  const open = () =>
    openSecretStore({
      safeStorage,
      platform: process.platform,
      file: userFiles.secrets,
      policy: config.linuxSecretStorageWithoutKeyring,
      log,
    });
  const opened = await open();
  const { decision } = opened;
  if (decision.state === "ready") return opened;
  if (decision.state === "refused" || decision.state === "unavailable") {
    fail(`${PRODUCT_NAME} cannot keep your sign-in safe`, decision.message);
    return null;
  }
  const choice = await dialog.showMessageBox({
    type: "warning",
    title: PRODUCT_NAME,
    message: "Your saved sign-in cannot be opened",
    detail: decision.message,
    buttons: ["Quit", "Sign in again (keep the old secrets aside)"],
    defaultId: 0,
    cancelId: 0,
  });
  if (choice.response !== 1) {
    app.exit(1);
    return null;
  }
  await opened.setAside();
  const reopened = await open();
  if (reopened.decision.state === "ready") return reopened;
  fail(`${PRODUCT_NAME} cannot keep your sign-in safe`, reopened.decision.message);
  return null;
}

async function start(deepLinks: ReturnType<typeof createDeepLinkRouter>): Promise<void> {
  const config = await loadConfig();
  if (config === null) return;
  const secrets = await loadSecrets(config);
  if (secrets === null) return;

  const csp = buildCsp(config);
  if (csp.warning !== undefined) log.warn(csp.warning);
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      webRoot: files.webRoot,
      contentSecurityPolicy: () => csp.policy,
      onRefused: (_url, reason) => log.warn(`app:// request refused (${reason})`),
    }),
  );
  guardPermissions(
    session.defaultSession,
    { allowLocalNetwork: isLocalNetworkUrl(config.homeserverUrl) },
    log,
  );

  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = loadWindowState(userFiles.windowState, workAreas);
  const window = createMainWindow(BrowserWindow, {
    state,
    preloadPath: files.preload,
    iconPath: files.icon,
    title: config.brand.name,
    appVersion: app.getVersion(),
    devTools: !app.isPackaged,
  });
  mainWindow = window;
  trackWindowState(window, userFiles.windowState, (error) =>
    log.warn("Could not save the window state", error),
  );
  window.once("ready-to-show", () => {
    if (state.maximized) window.maximize();
    window.show();
  });

  const reveal = () => revealWindow(window);
  // Loaded through nativeImage: the icon sits inside app.asar, where the OS itself cannot read files.
  const appIcon = nativeImage.createFromPath(files.icon);
  let tray: TrayController | null = null;
  try {
    const size = process.platform === "darwin" ? 16 : 24;
    tray = createTray({
      tray: new Tray(appIcon.resize({ width: size, height: size })),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      productName: config.brand.name,
      onShow: reveal,
      onQuit: () => app.quit(),
    });
  } catch (error) {
    log.warn("No tray icon on this desktop; closing the window will quit", error);
  }
  window.on("close", (event) => {
    if (decideClose({ closeToTray: config.closeToTray, trayAvailable: tray !== null, quitting }) === "hide") {
      event.preventDefault();
      window.hide();
    }
  });

  let overlay: Electron.NativeImage | null = null;
  const notifier = createNotifier({
    createNotification: (options) => new Notification({ ...options, icon: appIcon }),
    isSupported: () => Notification.isSupported(),
    reveal,
    openConversation: (conversationId) =>
      window.webContents.send(EVENT_CHANNELS.notificationClick, conversationId),
    bodyIsMarkup: process.platform === "linux",
    log,
  });
  const sso = createSsoService({
    createServer: (handler) => createServer(handler),
    openBrowser: async (url) => {
      if (!(await openExternalLink(shell, url, log)))
        throw new Error("the single sign-on address was refused");
    },
  });
  registerIpc(
    ipcMain,
    {
      secrets: secrets.store,
      adminConfig: () => toAdminConfig(config),
      notify: (notification) => notifier.notify(notification),
      setBadgeCount: (count) => {
        applyUnreadCount(count, {
          platform: process.platform,
          setBadgeCount: (value) => app.setBadgeCount(value),
          setOverlayIcon: (image, description) => window.setOverlayIcon(image, description),
          overlayImage: () => {
            const dot = overlayDot();
            overlay ??= nativeImage.createFromBitmap(dot.buffer, { width: dot.width, height: dot.height });
            return overlay;
          },
        });
        tray?.setUnread(count);
      },
      openLink: (url) => openExternalLink(shell, url, log),
      setOpenConversation: (conversationId) => notifier.setOpenConversation(conversationId),
      startSso: (request) => sso.startSso(request),
      cancelSso: () => sso.cancelSso(),
    },
    log,
  );
  window.webContents.on("did-finish-load", () => deepLinks.rendererReady());
  await window.loadURL(APP_START_URL);
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    // Another console is running with this profile: it has been told (second-instance) and comes forward.
    app.quit();
    return;
  }
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  // Windows shows notifications only for an AppUserModelID that matches the installer's shortcut.
  if (process.platform === "win32") app.setAppUserModelId(APP_ID);
  pinSecretBackend();
  if (app.isPackaged && !registerDeepLinkScheme(app)) log.warn("Could not register the sign-in link scheme");

  const deepLinks = createDeepLinkRouter(
    (callback) => mainWindow?.webContents.send(EVENT_CHANNELS.signInCallback, callback),
    log,
  );
  deepLinks.handle(findDeepLink(process.argv));
  app.on("second-instance", (_event, argv) => {
    if (mainWindow !== null) revealWindow(mainWindow);
    deepLinks.handle(findDeepLink(argv));
  });
  app.on("open-url", (event, url) => {
    event.preventDefault();
    deepLinks.handle(url);
  });
  app.on("web-contents-created", (_event, contents) => {
    guardWebContents(contents, (url) => void openExternalLink(shell, url, log), log);
  });
  app.on("activate", () => {
    if (mainWindow !== null) revealWindow(mainWindow);
  });
  app.on("before-quit", () => {
    quitting = true;
  });
  app.on("window-all-closed", () => app.quit());
  app
    .whenReady()
    .then(() => start(deepLinks))
    .catch((error: unknown) =>
      fail(`${PRODUCT_NAME} stopped`, error instanceof Error ? error.message : String(error)),
    );
}

main();
