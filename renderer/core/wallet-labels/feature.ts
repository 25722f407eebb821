// Wallet labels on the desk: rows carry the keyed label (provisional until this device has the team's label key)
// and the cues of relabel.ts. The key itself belongs to the desk (recovery opens secret storage for it).
import type { Feature } from "../desk/feature.ts";
import type { Readable } from "../observable.ts";
import { isNew, Relabeller } from "./relabel.ts";
import type { InboxRow } from "../inbox/row.ts";

export interface WalletLabelsApi {
  /** The team's label key on this device (null: labels are provisional). */
  readonly key: Readable<Uint8Array | null>;
  isNew(row: InboxRow): boolean;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    walletLabels: WalletLabelsApi;
  }
}

export const walletLabelsFeature: Feature<WalletLabelsApi> = {
  start(ctx) {
    const relabeller = new Relabeller({
      inbox: ctx.inbox,
      key: ctx.labelKey,
      now: () => ctx.clock.now(),
      // Rows a new device pages in after its first screenful were there before it looked: not new wallets.
      live: () => ctx.phase.get() === "ready" && !ctx.attention.filling,
    });
    ctx.track(() => relabeller.dispose());
    return { key: ctx.labelKey, isNew: (row) => isNew(row, ctx.clock.now()) };
  },
};
