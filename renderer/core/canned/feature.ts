// Canned replies shared by the team, as a desk feature. Each reply is a state event of the staff room keyed by
// its id — plain, which the team accepted for ready-made answers that quote nothing a wallet wrote — so two
// agents editing two replies never collide; editing the same one at the same moment keeps the replaced version
// as a conflict anyone can restore (staff/state-items.ts). Agents insert them with "/" in the composer.
import type { Feature } from "../desk/feature.ts";
import type { Readable } from "../observable.ts";
import { teamErrorFrom } from "../staff/errors.ts";
import { StaffStateItems, type Conflict, type StateItem } from "../staff/state-items.ts";
import {
  checkCannedReply,
  exportReplies,
  importReplies,
  parseCannedReply,
  type CannedReply,
} from "./replies.ts";

export const CANNED_STATE = "org.walletsupport.canned";

export type CannedItem = StateItem<CannedReply>;

export type SaveResult =
  | { status: "saved"; id: string }
  /** Someone else saved this reply since the agent started editing: nothing was written; here is theirs. */
  | { status: "changed-meanwhile"; theirs: CannedItem | null };

export interface CannedApi {
  readonly replies: Readable<CannedItem[]>;
  /** Versions replaced by a concurrent edit, newest first. */
  readonly conflicts: Readable<Conflict<CannedReply>[]>;
  dismissConflict(key: string): void;
  /**
   * Saves a reply (id null: a new one) edited from version `base`; when the stored version is no longer `base`,
   * nothing is written unless `overwrite`. Rejects with a TeamError (invalid, shortcut taken, offline).
   */
  save(id: string | null, reply: CannedReply, base: string | null, overwrite?: boolean): Promise<SaveResult>;
  remove(id: string): Promise<void>;
  exportJson(): string;
  /** Adds the file's replies; a shortcut already used updates that reply. Rejects before writing anything if the
   *  file is invalid. */
  importJson(text: string): Promise<{ added: number; updated: number }>;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    canned: CannedApi;
  }
}

function newId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

export const cannedFeature: Feature<CannedApi> = {
  start(ctx) {
    const staff = ctx.use("staff");
    const state = new StaffStateItems<CannedReply>(ctx.client, staff.rooms, CANNED_STATE, parseCannedReply);
    ctx.track(() => state.stop());
    const room = () => staff.room().catch((err: unknown) => Promise.reject(teamErrorFrom(err)));
    const write = async (id: string, reply: CannedReply, base: string | null) =>
      state.write(await room(), id, { ...reply, by: ctx.deviceId, updatedAt: ctx.clock.now() }, base);

    return {
      replies: state.items,
      conflicts: state.conflicts,
      dismissConflict: (key) => state.dismiss(key),
      async save(id, input, base, overwrite = false) {
        const reply = checkCannedReply(input, state.items.get(), id);
        const current = id ? (state.get(id) ?? null) : null;
        if (id && !overwrite && (current?.version ?? null) !== base)
          return { status: "changed-meanwhile", theirs: current };
        const target = id ?? newId();
        await write(target, reply, current?.version ?? null);
        return { status: "saved", id: target };
      },
      async remove(id) {
        await state.write(await room(), id, {}, null);
      },
      exportJson: () => exportReplies(state.items.get().map((i) => i.value)),
      async importJson(text) {
        const replies = importReplies(text);
        let added = 0;
        let updated = 0;
        for (const reply of replies) {
          const existing = state.items.get().find((i) => i.value.shortcut === reply.shortcut);
          if (existing) {
            const same = JSON.stringify(existing.value) === JSON.stringify(reply);
            if (!same) {
              await write(existing.id, reply, existing.version);
              updated++;
            }
          } else {
            await write(newId(), reply, null);
            added++;
          }
        }
        return { added, updated };
      },
    };
  },
};
