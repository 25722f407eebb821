// A real electron-log logger (its Node flavour, the same code as electron-log/main minus Electron) whose
// output goes to memory instead of a file, so tests can assert what the shell logged.
import electronLog from "electron-log/node";
import type { Logger } from "../../../electron/logging.ts";

export interface CapturedLog {
  log: Logger;
  lines: string[];
  /** Lines at the given level. */
  at(level: "debug" | "info" | "warn" | "error"): string[];
}

let count = 0;

export function captureLog(): CapturedLog {
  const logger = electronLog.create({ logId: `test-${++count}` });
  const entries: Array<{ level: string; text: string }> = [];
  logger.transports.file.level = false;
  logger.transports.console.level = false;
  const memory = Object.assign(
    (message: { level: string; data: unknown[] }) => {
      entries.push({ level: message.level, text: message.data.map(String).join(" ") });
    },
    { level: "debug" as const, transforms: [] },
  );
  logger.transports.memory = memory;
  return {
    log: logger,
    get lines() {
      return entries.map((entry) => entry.text);
    },
    at: (level) => entries.filter((entry) => entry.level === level).map((entry) => entry.text),
  };
}
