// Finding the homeserver for a user ID: `.well-known` discovery through matrix-js-sdk's AutoDiscovery, then
// a check that the URL really answers as a Matrix homeserver (an HTML page or a dead host gives a human error).
import { AutoDiscovery, AutoDiscoveryAction } from "matrix-js-sdk";
import { HumanError } from "./errors.ts";
import { blockedByPolicy, watchPolicyBlocks } from "./policy-block.ts";
import { SignInError } from "./sign-in-errors.ts";

const TIMEOUT_MS = 8000;

AutoDiscovery.setFetchFn((input, init) =>
  fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(TIMEOUT_MS) }),
);

export interface Discovered {
  homeserverUrl: string;
  /** How it was found: the server's .well-known, or the admin's configured URL. */
  source: "well-known" | "config";
}

/** Looks up `.well-known/matrix/client` for the server name; falls back to the admin's homeserver URL. */
export async function discoverHomeserver(
  serverName: string,
  configuredUrl?: string,
): Promise<Discovered | null> {
  try {
    const config = await AutoDiscovery.findClientConfig(serverName);
    const hs = config["m.homeserver"];
    if (hs.state === AutoDiscoveryAction.SUCCESS && hs.base_url) {
      return { homeserverUrl: hs.base_url.replace(/\/+$/, ""), source: "well-known" };
    }
  } catch {
    // No .well-known (or unreachable): fall through to the configured URL.
  }
  return configuredUrl ? { homeserverUrl: configuredUrl.replace(/\/+$/, ""), source: "config" } : null;
}

export interface HomeserverInfo {
  versions: string[];
  unstableFeatures: Record<string, boolean>;
}

/** Confirms the URL answers `/_matrix/client/versions` with JSON; otherwise explains what is wrong. */
export async function checkHomeserver(homeserverUrl: string): Promise<HomeserverInfo> {
  let url: URL;
  try {
    url = new URL(homeserverUrl);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("scheme");
  } catch {
    throw new HumanError("not-matrix", { server: homeserverUrl });
  }
  let res: Response;
  watchPolicyBlocks();
  try {
    res = await fetch(`${homeserverUrl}/_matrix/client/versions`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    if (await blockedByPolicy(homeserverUrl)) {
      throw new SignInError("blocked-by-policy", { server: url.host, origin: url.origin }, { cause: err });
    }
    throw new HumanError("unreachable", { server: url.host }, { cause: err });
  }
  const body = (await res.json().catch(() => null)) as {
    versions?: unknown;
    unstable_features?: unknown;
  } | null;
  if (!res.ok || !body || !Array.isArray(body.versions))
    throw new HumanError("not-matrix", { server: url.host });
  const unstable =
    body.unstable_features && typeof body.unstable_features === "object" ? body.unstable_features : {};
  return { versions: body.versions.map(String), unstableFeatures: unstable as Record<string, boolean> };
}
