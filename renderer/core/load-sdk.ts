// The one way to reach sdk.ts: a dynamic import, so the bundler keeps matrix-js-sdk out of the start chunk.
import type * as SdkExports from "./sdk.ts";

export type Sdk = typeof SdkExports;

let loading: Promise<Sdk> | null = null;

/**
 * The SDK module, loaded once (the first call starts the download; the rest share it). A failed download is
 * not kept: the next call (the agent pressing Sign in again) tries again instead of failing the same way.
 */
export function loadSdk(): Promise<Sdk> {
  loading ??= import("./sdk.ts").catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}
