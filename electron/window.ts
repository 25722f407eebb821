// The main window: its hardened web preferences (sandboxed, context-isolated, no Node, no <webview>),
// its remembered bounds, and bringing it to the front.
import type { BrowserWindowConstructorOptions } from "electron";
import { APP_VERSION_ARGUMENT } from "./ipc-channels.ts";
import { MIN_HEIGHT, MIN_WIDTH, type WindowState } from "./window-state.ts";

export interface MainWindowOptions {
  state: WindowState;
  /** dist/electron/preload.cjs: the only code with IPC access in the renderer process. */
  preloadPath: string;
  iconPath?: string;
  title: string;
  appVersion: string;
  /** Off in packaged builds: a console open to "paste this here" is a social-engineering risk. */
  devTools: boolean;
}

export type BrowserWindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Every preference is spelled out, even those whose default is already safe, so a reviewer (and
 * electronegativity) sees the whole security posture in one place and a changed default cannot weaken it.
 */
export function createMainWindow<W>(
  BrowserWindow: BrowserWindowConstructor<W>,
  options: MainWindowOptions,
): W {
  const { state } = options;
  // AUXCLICK accepted: "Auxclick" is no longer a Blink feature (disabling it is a no-op), and since
  // Electron 12 middle-clicks go through setWindowOpenHandler, which web-security.ts denies.
  // Not reformatted, so the eng-disable stays on the line electronegativity reports.
  // prettier-ignore
  return new BrowserWindow({ // eng-disable AUXCLICK_JS_CHECK
    ...(state.x === undefined || state.y === undefined ? {} : { x: state.x, y: state.y }),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: options.title,
    ...(options.iconPath === undefined ? {} : { icon: options.iconPath }),
    show: false,
    autoHideMenuBar: true,
    backgroundColor: "#f7f8fa",
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: options.devTools,
      // Reviewed: a sandboxed preload that exposes only the typed bridge in preload-bridge.ts.
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
      additionalArguments: [`${APP_VERSION_ARGUMENT}${options.appVersion}`],
    },
  });
}

/** The parts of BrowserWindow needed to bring it back from the tray, the taskbar or minimised. */
export interface RevealableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export function revealWindow(window: RevealableWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
