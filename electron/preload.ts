// The preload of the main window, bundled to dist/electron/preload.cjs. It runs sandboxed with only
// `electron` available and exposes the typed bridge (preload-bridge.ts) through contextBridge.
import { contextBridge, ipcRenderer } from "electron";
import { BRIDGE_NAME } from "../contract/index.ts";
import { createBridge } from "./preload-bridge.ts";

contextBridge.exposeInMainWorld(BRIDGE_NAME, createBridge(ipcRenderer, process.argv));
