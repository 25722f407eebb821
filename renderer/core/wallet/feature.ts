// What each wallet can read, as a desk feature: the bulk capability check (capabilities.ts) hears every room the
// sync delivers and the team's wallet records (room account data), and stops with the session.
import type { Feature } from "../desk/feature.ts";
import { WalletCapabilities } from "./capabilities.ts";

export interface WalletsApi {
  /** How many /keys/query requests the bulk check made this session (tests and benchmarks). */
  readonly queries: number;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    wallets: WalletsApi;
  }
}

export const walletsFeature: Feature<WalletsApi> = {
  start(ctx) {
    const capabilities = new WalletCapabilities(ctx.client, ctx.inbox, { clock: ctx.clock });
    // The ingest's tap was registered first (desk.ts), so the row a room update makes exists when this runs.
    ctx.track(ctx.taps.onRoom((roomId) => capabilities.consider(roomId)));
    ctx.track(ctx.taps.onRoomAccountData((roomId, events) => capabilities.roomAccountData(roomId, events)));
    ctx.track(() => capabilities.stop());
    return {
      get queries() {
        return capabilities.queries;
      },
    };
  },
};
