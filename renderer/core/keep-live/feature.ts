// Agents go back and forth between a few conversations: the last few they opened stay live (sliding-sync
// subscriptions, so their Rooms keep updating), and reopening one is instant instead of loading again.
import type { Feature } from "../desk/feature.ts";

/** How many recently opened conversations stay live besides the open one. */
export const KEEP_LIVE = 5;

export interface KeepLiveApi {
  /** The conversations kept live, most recent first. */
  recent(): readonly string[];
  /** Stops keeping a conversation live (it was forgotten). */
  drop(roomId: string): void;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    keepLive: KeepLiveApi;
  }
}

export const keepLiveFeature: Feature<KeepLiveApi> = {
  start(ctx) {
    let recent: string[] = [];
    ctx.track(
      ctx.conversations.onOpened((roomId) => {
        recent = [roomId, ...recent.filter((id) => id !== roomId)].slice(0, KEEP_LIVE);
        ctx.subscriptions.keep("keep-live", recent);
      }),
    );
    return {
      recent: () => recent,
      drop: (roomId) => {
        recent = recent.filter((id) => id !== roomId);
        ctx.subscriptions.keep("keep-live", recent);
      },
    };
  },
};
