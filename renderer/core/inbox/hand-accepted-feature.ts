// Rooms accepted by hand (hand-accepted.ts) as a desk feature: the shared list follows global account data
// through the desk's tap and lives exactly as long as the session.
import type { Feature } from "../desk/feature.ts";
import { HandAcceptedRooms } from "./hand-accepted.ts";

declare module "../desk/feature.ts" {
  interface FeatureApis {
    handAccepted: HandAcceptedRooms;
  }
}

export const handAcceptedFeature: Feature<HandAcceptedRooms> = {
  start(ctx) {
    const rooms = new HandAcceptedRooms(ctx.client, ctx.inbox, () => ctx.clock.now());
    ctx.track(ctx.taps.onGlobalAccountData((event) => rooms.heard(event)));
    rooms.start();
    return rooms;
  },
};
