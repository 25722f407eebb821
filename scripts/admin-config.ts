// The admin configuration for the web build and the demo: build/config.json (what installers bake in) plus an
// optional override file, validated with the same schema and messages as the desktop shell.
import { resolve } from "node:path";
import { ConfigError, loadConfigFiles, toAdminConfig } from "../electron/config.ts";
import type { AdminConfig } from "../contract/index.ts";
import { fail } from "./cli.ts";

export const BUILD_CONFIG = resolve(import.meta.dirname, "..", "build", "config.json");

export async function loadAdminConfig(override?: string): Promise<AdminConfig> {
  try {
    return toAdminConfig(
      await loadConfigFiles(override ? [BUILD_CONFIG, resolve(override)] : [BUILD_CONFIG]),
    );
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}
