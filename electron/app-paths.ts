// Where the shell finds its files: the bundle's neighbours (preload, web build, the installer's config.json,
// the icon) and the user-data directory, which --profile-dir can move (several accounts side by side, tests).
import { join, resolve } from "node:path";

export interface AppPaths {
  preload: string;
  webRoot: string;
  bundledConfig: string;
  icon: string;
}

/** `bundleDir` is dist/electron (inside app.asar when packaged); the web build sits next to it. */
export function appPaths(bundleDir: string): AppPaths {
  return {
    preload: join(bundleDir, "preload.cjs"),
    webRoot: join(bundleDir, "..", "web"),
    bundledConfig: join(bundleDir, "config.json"),
    icon: join(bundleDir, "icon.png"),
  };
}

/** The user-data files the shell owns. */
export function userDataPaths(userData: string) {
  return {
    config: join(userData, "config.json"),
    secrets: join(userData, "secrets.json"),
    windowState: join(userData, "window-state.json"),
    logs: join(userData, "logs"),
  };
}

/** `--profile-dir=/some/dir` (or `--profile-dir /some/dir`) → absolute path; null when absent or empty. */
export function profileDirFrom(argv: readonly string[]): string | null {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? "";
    const value = argument.startsWith("--profile-dir=")
      ? argument.slice("--profile-dir=".length)
      : argument === "--profile-dir"
        ? (argv[index + 1] ?? "")
        : null;
    if (value !== null) return value.trim() === "" ? null : resolve(value);
  }
  return null;
}
