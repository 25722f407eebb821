// Where the Electron binary is, without `require("electron")`: since Electron 45 that require tries to
// download the binary when it is missing, which hangs or fails on machines without network access.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const DEFAULT_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  darwin: "Electron.app/Contents/MacOS/Electron",
  win32: "electron.exe",
};

/** The executable's path, or null when it is not installed (node_modules/electron/dist absent). */
export function findElectronBinary(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const packageDir = join(root, "node_modules", "electron");
  let name: string | undefined;
  try {
    // Written by electron's install script once the download succeeded.
    name = readFileSync(join(packageDir, "path.txt"), "utf8").trim();
  } catch {
    name = undefined;
  }
  // Same override electron's own index.js honours, e.g. for a locally built or distro-provided Electron.
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary =
    override !== undefined && override !== ""
      ? join(override, name ?? DEFAULT_NAMES[platform] ?? "electron")
      : name === undefined
        ? null
        : join(packageDir, "dist", name);
  return binary !== null && existsSync(binary) ? binary : null;
}
