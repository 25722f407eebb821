// What a Desk is built from: the session's parts handed in (DeskOptions), what is asked of the server before it
// (DeskPreparation), the sync engine it drives, and the start-up progress it reports.
import type { MatrixClient } from "matrix-js-sdk";
import type { MSC3575SlidingSyncResponse } from "matrix-js-sdk/lib/sliding-sync.js";
import type { Clock } from "../clock.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { InboxSnapshot } from "../inbox/snapshot.ts";
import type { Sdk } from "../load-sdk.ts";
import type { AdminConfig, Platform } from "../platform/types.ts";
import type { SecretStorageKeys } from "../recovery/secret-keys.ts";
import type { Session } from "../session/session.ts";
import type { FeatureRegistry, UiHooks } from "./feature.ts";

export interface StartProgress {
  step: "keys" | "first-window" | "inbox";
  /** Conversations loaded so far, and how many the server has (0 while unknown). */
  covered: number;
  total: number;
}

export interface DeskOptions {
  session: Session;
  client: MatrixClient;
  sdk: Sdk;
  /** The session's inbox, possibly already showing the saved snapshot. */
  inbox: Inbox;
  snapshot: InboxSnapshot | null;
  config: AdminConfig;
  platform: Platform;
  clock: Clock;
  secretKeys: SecretStorageKeys;
  features: FeatureRegistry;
  ui: UiHooks;
  onProgress(progress: StartProgress): void;
}

export interface DeskPreparation {
  /** Whether the server speaks simplified sliding sync (false if it could not be asked). */
  sliding: Promise<boolean>;
  /** The inbox's first window, when it was asked for ahead of the sync (null otherwise, or if it failed). */
  early: Promise<MSC3575SlidingSyncResponse | null>;
}

export interface SyncEngine {
  firstWindow: Promise<void>;
  /** The client's own first sync is in (sliding sync; classic sync's first window is that sync). */
  synced?: Promise<void>;
  /** Where the server's connection stands, saved with the inbox rows (sliding sync only). */
  position?(): unknown;
  setSubscriptions?(roomIds: Set<string>): void;
  /** Resolves when the client has stopped (after the sync response in hand, if any, was processed). */
  stop(): Promise<void>;
}
