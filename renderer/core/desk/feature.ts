// How a feature plugs into the signed-in desk. A feature owns a folder in renderer/core/ and a `Feature` value
// there; `renderer/core/features.ts` lists them (one line each). At sign-in the desk starts every feature in that
// order with a FeatureContext: the session's client and services, the sync taps it may listen to, the inbox it may
// add filters to, the clock, and `track()` for its teardown. What `start` returns is the feature's public API,
// reachable as `desk.features.<id>` (the UI's only way in) and, for features started later, `ctx.use(id)`.
//
// A feature declares its API type by augmenting FeatureApis (so the registry is checked by the compiler):
//   declare module "../desk/feature.ts" { interface FeatureApis { status: StatusApi } }
import type { MatrixClient } from "matrix-js-sdk";
import type { Clock } from "../clock.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { Sdk } from "../load-sdk.ts";
import type { Readable } from "../observable.ts";
import type { AdminConfig, Platform } from "../platform/types.ts";
import type { Outbox } from "../conversation/outbox.ts";
import type { MediaStore } from "../media/index.ts";
import type { Attention } from "./attention.ts";
import type { ForgottenRooms } from "../forget/forgotten.ts";
import type { Conversations } from "./conversations.ts";
import type { RoomSubscriptions } from "./subscriptions.ts";
import type { SyncTaps } from "./taps.ts";

/** Every feature's public API, by id. Each feature module adds its own entry (see the header). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FeatureApis {}

export type FeatureId = keyof FeatureApis;

/** What the UI lends the core: words only it can say (the agent's language). Features add hooks by augmentation. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface UiHooks {}

/** The desk's own progress: features that notify or count wait for "ready" (the first full picture). */
export type DeskPhase = "starting" | "ready" | "disposed";

export interface FeatureContext {
  readonly client: MatrixClient;
  /** The SDK-side modules (already loaded: the desk only exists once the client does). */
  readonly sdk: Sdk;
  readonly userId: string;
  readonly deviceId: string;
  readonly config: AdminConfig;
  readonly platform: Platform;
  readonly clock: Clock;
  readonly inbox: Inbox;
  readonly outbox: Outbox;
  /** Decrypted images as blob URLs (bounded cache); `clear()` revokes them all. */
  readonly media: MediaStore;
  readonly taps: SyncTaps;
  readonly conversations: Conversations;
  readonly attention: Attention;
  /** Rooms a feature needs as live matrix-js-sdk Rooms (e.g. a staff room): keep(owner, ids). */
  readonly subscriptions: RoomSubscriptions;
  /** Where this session keeps sealed local data: IndexedDB name prefix and the per-device key. */
  readonly storage: { readonly prefix: string; readonly deviceKey: Uint8Array };
  readonly phase: Readable<DeskPhase>;
  /** The team's key for wallet labels on this device (null until recovery has opened secret storage once). */
  readonly labelKey: Readable<Uint8Array | null>;
  readonly ui: UiHooks;
  /** Runs `dispose` when the desk is disposed (in reverse order of registration). */
  track(dispose: () => void): void;
  /** Conversations forgotten on a wallet's request (the sync and the invite policy leave them alone). */
  readonly forgotten: ForgottenRooms;
  /** Saves the inbox snapshot and every feature's pending data now (after a forgotten conversation). */
  saveNow(): Promise<void>;
  /** Runs `save` when the app hides or closes (with the inbox snapshot): a feature's pending writes land. */
  onFlush(save: () => Promise<void>): void;
  /** A feature listed before this one in the registry. */
  use<K extends FeatureId>(id: K): FeatureApis[K];
}

export interface Feature<Api> {
  start(ctx: FeatureContext): Api;
}

/** The registry's shape: every declared feature is registered, with the API it declared. */
export type FeatureRegistry = { readonly [K in FeatureId]: Feature<FeatureApis[K]> };
