// Every feature of the signed-in desk, in start order (a feature may use those above it). Adding a feature is
// its own folder plus one line here; the compiler refuses a feature that declared an API but is not listed.
import { cannedFeature } from "./canned/feature.ts";
import type { FeatureRegistry } from "./desk/feature.ts";
import { diagnosticsFeature } from "./diagnostics/feature.ts";
import { exportFeature } from "./export/feature.ts";
import { forgetFeature } from "./forget/feature.ts";
import { guardFeature } from "./guard/feature.ts";
import { handAcceptedFeature } from "./inbox/hand-accepted-feature.ts";
import { keepLiveFeature } from "./keep-live/feature.ts";
import { metricsFeature } from "./metrics/feature.ts";
import { notesFeature } from "./notes/feature.ts";
import { notificationsFeature } from "./notifications/feature.ts";
import { searchFeature } from "./search/feature.ts";
import { presenceFeature } from "./presence/feature.ts";
import { staffFeature } from "./staff/feature.ts";
import { statusFeature } from "./status/feature.ts";
import { walletLabelsFeature } from "./wallet-labels/feature.ts";
import { walletsFeature } from "./wallet/feature.ts";

export const FEATURES: FeatureRegistry = {
  // First: rows carry their keyed label before any other feature (notifications) reads it.
  walletLabels: walletLabelsFeature,
  notifications: notificationsFeature,
  keepLive: keepLiveFeature,
  guard: guardFeature,
  search: searchFeature,
  export: exportFeature,
  forget: forgetFeature,
  diagnostics: diagnosticsFeature,
  staff: staffFeature,
  status: statusFeature,
  notes: notesFeature,
  canned: cannedFeature,
  // After staff and status: it reads their activity lines and claims.
  metrics: metricsFeature,
  presence: presenceFeature,
  handAccepted: handAcceptedFeature,
  wallets: walletsFeature,
};
