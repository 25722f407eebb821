// How much matrix-js-sdk logs. It logs every sync and crypto step at debug level, which costs time at scale and
// buries what matters; the console keeps warnings and errors, test wallets keep errors only.
import { logger as sdkRootLogger, type Logger } from "matrix-js-sdk/lib/logger.js";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };
const METHOD_LEVEL: Record<string, number> = { trace: 0, debug: 0, log: 1, info: 1, warn: 2, error: 3 };

type Method = (...args: unknown[]) => void;
type Factory = (methodName: string, level: number, loggerName: string | symbol) => Method;

let installed: LogLevel | null = null;

/**
 * Filters the SDK's root logger (and every child logger it hands out, such as MatrixRTC's) to `level`.
 * Children copy the root's method factory when they are created, so this must run before clients start.
 */
export function setSdkLogLevel(level: LogLevel): void {
  const root = sdkRootLogger as unknown as { methodFactory: Factory; rebuild(): void; __original?: Factory };
  root.__original ??= root.methodFactory;
  const original = root.__original;
  const threshold = ORDER[level];
  root.methodFactory = (methodName, lvl, name) => {
    const forward = original(methodName, lvl, name);
    return (METHOD_LEVEL[methodName] ?? 1) >= threshold ? forward : () => {};
  };
  root.rebuild();
  installed = level;
}

/**
 * A Logger for createClient({ logger }) that honours the same threshold. Once `muted()` says so (the client has
 * been stopped), warnings and errors go to the debug level: work still in flight when a client stops (a sync
 * response being handed to the freed crypto layer, an aborted key upload) can only fail, and saying so as an
 * error would bury real ones.
 */
export function sdkLogger(level: LogLevel, muted: () => boolean = () => false): Logger {
  if (installed !== level) setSdkLogLevel(level);
  const threshold = ORDER[level];
  const pass =
    (lvl: LogLevel, fn: Method): Method =>
    (...args) => {
      if (ORDER[lvl] < threshold) return;
      if (muted() && ORDER[lvl] >= ORDER.warn) console.debug("[after stop]", ...args);
      else fn(...args);
    };
  const logger: Logger = {
    trace: pass("debug", console.debug),
    debug: pass("debug", console.debug),
    info: pass("info", console.info),
    warn: pass("warn", console.warn),
    error: pass("error", console.error),
    getChild: () => logger,
  };
  return logger;
}
