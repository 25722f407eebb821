// The one way to reach engine.ts: a dynamic import, so the bundler keeps matrix-js-sdk out of the start chunk.
import type * as EngineExports from "./engine.ts";

export type Engine = typeof EngineExports;

let loading: Promise<Engine> | null = null;

/** The engine module, loaded once (the first call starts the download; the rest share it). */
export function loadEngine(): Promise<Engine> {
  loading ??= import("./engine.ts");
  return loading;
}
