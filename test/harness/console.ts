// A SupportConsole (the real core) signed in as a fresh support account on a test homeserver, in Node with
// the in-memory platform. Persistence across restarts is tested in Chromium, where IndexedDB exists.
import { SupportConsole } from "../../renderer/core/console.ts";
import type { Desk } from "../../renderer/core/desk/desk.ts";
import { MemoryPlatform, MemorySecretStore } from "../../renderer/core/platform/memory.ts";
import type { AdminConfig } from "../../renderer/core/platform/types.ts";
import { randomBytes } from "node:crypto";
import { testHomeserver } from "./accounts.ts";
import { registerWithSecret, type Homeserver, type RegisteredUser } from "./homeserver.ts";
import { rememberLabelKey } from "./labels.ts";
import { waitFor } from "./wait.ts";

export interface TestConsole {
  console: SupportConsole;
  platform: MemoryPlatform;
  account: RegisteredUser;
  /** Stops the console (for cleanupAfterAll's track). */
  stop(): void;
}

/** A homeserver to sign in to (defaults to the suite's shared one). */
export type ConsoleHomeserver = Pick<Homeserver, "url" | "registrationSecret">;

export async function signedInConsole(
  config: Partial<AdminConfig> = {},
  account?: RegisteredUser,
  secrets = new MemorySecretStore(),
  hs: ConsoleHomeserver = testHomeserver(),
): Promise<TestConsole> {
  const support =
    account ??
    (await registerWithSecret(
      hs.url,
      hs.registrationSecret,
      `support-${randomBytes(4).toString("hex")}`,
      randomBytes(12).toString("base64url"),
    ));
  const platform = new MemoryPlatform({ homeserverUrl: hs.url, ...config }, secrets);
  const console_ = await SupportConsole.create(platform, { deviceName: "Wallet Support Console (test)" });
  if (console_.phase.get() === "signed-out") {
    await console_.signIn({ userId: support.userId, password: support.password, homeserverUrl: hs.url });
  }
  await waitFor("the console to be ready", () => console_.phase.get() === "ready" && !!console_.desk.get());
  await learnLabelKey(console_, support.userId);
  return { console: console_, platform, account: support, stop: () => console_.stop() };
}

/**
 * Waits until recovery has settled (the first device creates the label key while setting it up; a later one has
 * it only once the recovery key is entered), then tells the harness the key, if any, so wallets' `label` match.
 */
export async function learnLabelKey(c: SupportConsole, supportUserId: string): Promise<Uint8Array | null> {
  const desk = deskOf(c);
  const settled = ["show-key-once", "ready", "needs-key", "error"];
  await waitFor("recovery to settle", () => settled.includes(desk.recovery.view.get().state), {
    timeoutMs: 60_000,
  });
  const key = desk.labelKey.key.get();
  if (key) rememberLabelKey(supportUserId, key);
  return key;
}

/** The console's current desk (the signed-in session's objects); throws when it has none. */
export function deskOf(c: SupportConsole): Desk {
  const desk = c.desk.get();
  if (!desk) throw new Error("the console has no signed-in desk");
  return desk;
}

export function rowFor(c: SupportConsole, roomId: string) {
  return c.inbox.get()?.get(roomId);
}
