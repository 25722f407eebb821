// Forgetting a conversation when a wallet user asks for their data to be erased, as a desk feature: support
// leaves the room and asks the server to forget it, then this device deletes every trace it holds — the open
// conversation and its Room, live subscriptions, queued replies, decrypted images, search entries and the inbox
// row (the sealed snapshot is saved again without it). What remains is a record without content (room ID and
// time), which keeps the invite policy from ever auto-accepting that room again; other features purge their own
// data and write their activity line through `onForgotten`.
import type { Feature } from "../desk/feature.ts";
import type { Readable } from "../observable.ts";
import type { ForgetRecord } from "./forgotten.ts";

export type { ForgetRecord } from "./forgotten.ts";

export interface ForgetApi {
  /** Leaves, forgets and purges the conversation; rejects (and deletes nothing) when the server can't be told. */
  forget(roomId: string): Promise<void>;
  /** What forgetting leaves: which rooms and when. */
  readonly records: Readable<ForgetRecord[]>;
  /**
   * The hook for other features (the team's activity line, notes, claims): called after the conversation was
   * forgotten, to purge what the feature keeps about it. Returns the function that removes the listener.
   */
  onForgotten(listener: (roomId: string, at: number) => void | Promise<void>): () => void;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    forget: ForgetApi;
  }
}

const errcodeOf = (err: unknown) => (err as { errcode?: string }).errcode;

export const forgetFeature: Feature<ForgetApi> = {
  start(ctx) {
    const search = ctx.use("search");
    const keepLive = ctx.use("keepLive");
    const listeners = new Set<(roomId: string, at: number) => void | Promise<void>>();

    async function forget(roomId: string): Promise<void> {
      const at = ctx.clock.now();
      // Recorded first: from now on no sync response lists it again and no invite to it is auto-accepted.
      await ctx.forgotten.add(roomId, at);
      try {
        await ctx.client.leave(roomId).catch((err: unknown) => {
          // Already out (the wallet kicked support, or an earlier attempt got this far): forgetting still applies.
          if (errcodeOf(err) !== "M_FORBIDDEN" && errcodeOf(err) !== "M_NOT_FOUND") throw err;
        });
        await ctx.client.forget(roomId, true);
      } catch (err) {
        await ctx.forgotten.undo(roomId);
        throw err;
      }
      if (ctx.conversations.current.get()?.roomId === roomId) ctx.conversations.close();
      keepLive.drop(roomId);
      ctx.subscriptions.drop(roomId);
      ctx.outbox.discardRoom(roomId);
      // Decrypted images are cached by content, not by conversation: drop them all (others reload on demand).
      ctx.media.clear();
      await search.forgetRoom(roomId);
      ctx.inbox.remove(roomId);
      for (const listener of listeners) {
        try {
          await listener(roomId, at);
        } catch (err) {
          console.error("[forget] a feature could not purge a forgotten conversation", err);
        }
      }
      await ctx.saveNow();
      console.info(`[forget] forgot ${roomId} at ${new Date(at).toISOString()} on a wallet's request`);
    }

    return {
      forget,
      records: ctx.forgotten.records,
      onForgotten(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  },
};
