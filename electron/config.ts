// The admin configuration: validating a config.json against build/config.schema.json with messages an admin
// can act on, and layering the defaults, the installer's build/config.json and the user-data config.json.
// Free of Electron on purpose: scripts/web.ts reuses it to validate the config.json the web build serves.
import { readFile } from "node:fs/promises";
import Ajv, { type ErrorObject } from "ajv";
import schema from "../build/config.schema.json" with { type: "json" };
import { DEFAULT_CONFIG, type AdminConfig } from "../contract/index.ts";

/** What the desktop shell reads beyond the renderer's AdminConfig. */
export interface ShellOnlyConfig {
  /** Linux without a keyring: refuse to start (default), or accept safeStorage's obfuscation-only backend. */
  linuxSecretStorageWithoutKeyring: "refuse" | "basic_text";
  /** Closing the window hides it to the tray instead of quitting. */
  closeToTray: boolean;
}

export type ShellConfig = AdminConfig & ShellOnlyConfig;

/** One config.json as written: every field optional, missing ones fall through to the layer below. */
export type ConfigFile = Partial<ShellConfig> & { $schema?: string };

/**
 * Security choices only the admin makes, in the installer's config.json: where the console connects (its CSP
 * allows only that server), whose invites it accepts by itself, whether plaintext replies are possible, how big
 * an image may be, and whether secrets may be kept without a keyring. The user-data config.json, which anyone
 * using the machine account can edit, may not set them.
 */
export const INSTALLER_ONLY_KEYS = [
  "homeserverUrl",
  "supportUserId",
  "allowedWalletServers",
  "allowUnencryptedReplies",
  "maxImageBytes",
  "linuxSecretStorageWithoutKeyring",
] as const satisfies ReadonlyArray<keyof ShellConfig>;

export const SHELL_DEFAULTS: ShellOnlyConfig = {
  linuxSecretStorageWithoutKeyring: "refuse",
  closeToTray: false,
};

/** Every problem found in one file, each naming the file and the field. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
// The schema carries, next to each rule, the sentence to show when it is broken.
ajv.addKeyword("x-problem");
const validate = ajv.compile<ConfigFile>(schema);

/** Validates a parsed config.json; throws a ConfigError naming every bad field, prefixed by `label`. */
export function validateConfigFile(value: unknown, label: string): ConfigFile {
  if (validate(value)) return value;
  const problems = [...new Set((validate.errors ?? []).map((error) => `${label}: ${describe(error)}`))];
  throw new ConfigError(problems);
}

/** Parses and validates the text of a config.json. */
export function parseConfigText(text: string, label: string): ConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${label}: is not valid JSON (${(error as Error).message})`]);
  }
  return validateConfigFile(value, label);
}

/** Defaults first, then each file in order; a later file's field replaces the earlier one's whole. */
export function mergeConfig(...layers: readonly ConfigFile[]): ShellConfig {
  const merged: ShellConfig = { ...DEFAULT_CONFIG, ...SHELL_DEFAULTS };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (key === "$schema" || value === undefined) continue;
      Object.assign(merged, { [key]: value });
    }
  }
  return merged;
}

/** The part of the configuration the renderer receives. */
export function toAdminConfig(config: ShellConfig): AdminConfig {
  const { linuxSecretStorageWithoutKeyring: _policy, closeToTray: _tray, ...admin } = config;
  return admin;
}

export interface ConfigSource {
  /** Shown in front of every problem: the file's path, so the admin knows which file to fix. */
  label: string;
  /** The file's text, or null when the file does not exist (a missing file is not an error). */
  text: string | null;
  /** A file the user can edit (user data): INSTALLER_ONLY_KEYS in it are refused. */
  userWritable?: boolean;
}

/** Validates every source (collecting all problems before throwing) and merges them. */
export function resolveConfig(sources: readonly ConfigSource[]): ShellConfig {
  const layers: ConfigFile[] = [];
  const problems: string[] = [];
  for (const source of sources) {
    if (source.text === null) continue;
    try {
      const layer = parseConfigText(source.text, source.label);
      if (source.userWritable) problems.push(...installerOnlyProblems(layer, source.label));
      layers.push(layer);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return mergeConfig(...layers);
}

function installerOnlyProblems(layer: ConfigFile, label: string): string[] {
  return INSTALLER_ONLY_KEYS.filter((key) => layer[key] !== undefined).map(
    (key) =>
      `${label}: "${key}" can only be set by the admin in the installer's config.json, not in this file ` +
      "(it is a security choice; remove it here)",
  );
}

/**
 * Reads the installer's config.json paths, then the user-writable ones (lowest precedence first); absent files
 * are skipped.
 */
export async function loadConfigFiles(
  paths: readonly string[],
  userWritablePaths: readonly string[] = [],
): Promise<ShellConfig> {
  const read = (userWritable: boolean) => async (path: string) => ({
    label: path,
    text: await readTextIfPresent(path),
    userWritable,
  });
  const sources = await Promise.all([...paths.map(read(false)), ...userWritablePaths.map(read(true))]);
  return resolveConfig(sources);
}

async function readTextIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new ConfigError([`${path}: cannot be read (${(error as Error).message})`]);
  }
}

function describe(error: ErrorObject): string {
  const field = fieldName(error.instancePath);
  const where = field === "" ? "" : `"${field}" `;
  switch (error.keyword) {
    case "additionalProperties": {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(error.parentSchema?.properties ?? {}).filter((key) => !key.startsWith("$"));
      const full = field === "" ? name : `${field}.${name}`;
      return `"${full}" is not a known setting (check its spelling; known: ${known.join(", ")})`;
    }
    case "required": {
      const name = String((error.params as { missingProperty: string }).missingProperty);
      return `"${field === "" ? name : `${field}.${name}`}" is missing`;
    }
    case "uniqueItems":
      return `${where}lists ${describeDuplicate(error)} twice`;
    default: {
      const problem = (error.parentSchema as { "x-problem"?: string } | undefined)?.["x-problem"];
      return `${where}${problem ?? error.message ?? "is not valid"}`;
    }
  }
}

function describeDuplicate(error: ErrorObject): string {
  const { i } = error.params as { i: number };
  return JSON.stringify((error.data as unknown[])[i]);
}

/** "/allowedWalletServers/2" → "allowedWalletServers[2]", "/brand/name" → "brand.name". */
function fieldName(instancePath: string): string {
  let name = "";
  for (const raw of instancePath.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    name += /^\d+$/.test(segment) ? `[${segment}]` : name === "" ? segment : `.${segment}`;
  }
  return name;
}
