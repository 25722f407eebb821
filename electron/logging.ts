// Logging for the main process through electron-log: file and levels, and a hook that scrubs access tokens,
// login tokens and passwords before anything reaches the log file a support agent may attach to a ticket.
import type { NodeLogger } from "electron-log";

/** What the other main-process modules log through. electron-log satisfies it. */
export interface Logger {
  debug(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}

const REDACTIONS: ReadonlyArray<[RegExp, string]> = [
  // Synapse access/refresh/login tokens (syt_…, syr_…, syl_…) and MAS tokens (mat_…, mar_…).
  [/\b(sy[trl]|ma[tr])_[A-Za-z0-9_-]{8,}/g, "$1_<redacted>"],
  [/\b(Bearer)\s+[^\s"',]+/gi, "$1 <redacted>"],
  [
    /\b(access_token|refresh_token|login_?token|password|pickle_?key)(["']?\s*[=:]\s*["']?)[^\s"'&,}]+/gi,
    "$1$2<redacted>",
  ],
];

/** Removes secrets from a log line. */
export function redactSecrets(text: string): string {
  return REDACTIONS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

function redactValue(value: unknown): unknown {
  if (typeof value === "string") return redactSecrets(value);
  if (value instanceof Error) {
    const copy = new Error(redactSecrets(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactSecrets(value.stack);
    return copy;
  }
  return value;
}

export interface LoggingOptions {
  /** Debug output on the console during development; warnings and errors only when packaged. */
  verbose: boolean;
  /** The log file (in the user-data directory, which --profile-dir may have moved). */
  file: string;
}

/**
 * Configures an electron-log instance: its Node flavour (`electron-log/node`), because `electron-log/main`
 * registers IPC channels of its own and `initialize()` would inject a second preload into every session.
 */
export function configureLogging(log: NodeLogger, options: LoggingOptions): Logger {
  log.transports.file.resolvePathFn = () => options.file;
  log.transports.file.level = "info";
  log.transports.file.maxSize = 5 * 1024 * 1024;
  log.transports.console.level = options.verbose ? "debug" : "warn";
  log.hooks.push((message) => ({ ...message, data: message.data.map(redactValue) }));
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}
