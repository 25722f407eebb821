// Shared conversation status, claims and labels, as a desk feature. Agents change them from any device; each
// change is written as room account data (see state.ts for why that is private to the support account), shows in
// every agent's inbox within a sync, and leaves an activity line in the staff room ("Alice resolved · 14:02"),
// so when two agents act at once both lines are there even though the last write wins.
import type { Feature } from "../desk/feature.ts";
import type { InboxRow } from "../inbox/row.ts";
import { batched, Observable, type Readable } from "../observable.ts";
import { TeamError, teamErrorFrom } from "../staff/errors.ts";
import { StaffStateItems } from "../staff/state-items.ts";
import { LABEL_STATE, LabelDefinitions, parseLabelDefinition, type LabelDefinition } from "./labels.ts";
import {
  claimantOf,
  DEFAULT_SETTINGS,
  parseSettings,
  SETTINGS_DATA,
  statusOf,
  type Status,
  type TeamSettings,
} from "./state.ts";
import { TeamStateStore } from "./store.ts";
import { InboxTabs } from "./tabs.ts";

/** What an activity line says an agent did. */
export type ActivityAction =
  "resolved" | "reopened" | "pending" | "snoozed" | "claimed" | "released" | "labelled" | "unlabelled";

export interface StatusApi {
  /** The status every agent sees for this conversation row right now. */
  statusOf(row: InboxRow): Status;
  /** The claiming agent's device, or null (nobody, or that device has signed out). */
  claimantOf(row: InboxRow): string | null;
  /** The agent named in the claim even if its device signed out (to say "claimed by X, signed out"). */
  claimedBy(row: InboxRow): string | null;
  readonly settings: Readable<TeamSettings>;
  setReplySetsPending(on: boolean): Promise<void>;
  resolve(roomId: string): Promise<void>;
  reopen(roomId: string): Promise<void>;
  markPending(roomId: string): Promise<void>;
  /** Snoozes until `until` (ms since the epoch), or until the wallet writes (null). */
  snooze(roomId: string, until: number | null): Promise<void>;
  claim(roomId: string): Promise<void>;
  release(roomId: string): Promise<void>;
  /** Puts a label on a conversation or takes it off. */
  setLabel(roomId: string, labelId: string, on: boolean): Promise<void>;
  readonly labels: LabelDefinitions;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    status: StatusApi;
  }
}

export const statusFeature: Feature<StatusApi> = {
  start(ctx) {
    const staff = ctx.use("staff");
    const store = new TeamStateStore(
      { client: ctx.client, inbox: ctx.inbox, clock: ctx.clock, taps: ctx.taps },
      ctx.track,
    );
    const settings = new Observable<TeamSettings>(
      parseSettings(ctx.client.getAccountData(SETTINGS_DATA as never)?.getContent() ?? DEFAULT_SETTINGS),
    );
    ctx.track(
      ctx.taps.onGlobalAccountData((event) => {
        if (event.type === SETTINGS_DATA) settings.set(parseSettings(event.content));
      }),
    );
    const labelState = new StaffStateItems<LabelDefinition>(
      ctx.client,
      staff.rooms,
      LABEL_STATE,
      parseLabelDefinition,
    );
    ctx.track(() => labelState.stop());
    const labels = new LabelDefinitions(
      labelState,
      () => staff.room().catch((err: unknown) => Promise.reject(teamErrorFrom(err))),
      ctx.deviceId,
      () => ctx.clock.now(),
    );

    const tabs = new InboxTabs({
      inbox: ctx.inbox,
      clock: ctx.clock,
      deviceId: ctx.deviceId,
      settings,
      devices: staff.agents.devices,
      labels: labels.all,
      changes: (listener) => store.onChange(listener),
    });
    ctx.track(() => tabs.dispose());
    // The saved inbox came with its snoozes: time them.
    batched(() => tabs.recount())();

    const activity = (roomId: string, action: ActivityAction, extra: Record<string, unknown> = {}) => {
      const row = ctx.inbox.get(roomId);
      if (!row) return;
      // The line is a record of what happened; if it can't be queued (no staff room, offline) the change itself
      // still stands.
      void staff.post("activity", row.walletUserId, { action, ...extra }).catch(() => {});
    };
    const decidedAt = (roomId: string) => {
      const row = ctx.inbox.conversation(roomId);
      return row ? Math.max(row.walletTs, row.supportTs, row.activityTs) : 0;
    };
    const setStatus = async (
      roomId: string,
      status: Status,
      until: number | null,
      action: ActivityAction,
    ) => {
      if (status === "snoozed" && until !== null && until <= ctx.clock.now())
        throw new TeamError("snooze-in-past", { until });
      await store.write(roomId, "status", { status, at: decidedAt(roomId), until }, ctx.deviceId);
      activity(roomId, action, status === "snoozed" ? { until } : {});
    };

    return {
      statusOf: (row) => statusOf(row, ctx.clock.now(), settings.get()),
      claimantOf: (row) => claimantOf(row, staff.agents.devices.get()),
      claimedBy: (row) => row.ext?.team?.claim?.agent ?? null,
      settings,
      async setReplySetsPending(on) {
        const next = { ...settings.get(), replySetsPending: on };
        const before = settings.get();
        settings.set(next);
        try {
          await ctx.client.setAccountDataRaw(SETTINGS_DATA as never, next as never);
        } catch (err) {
          settings.set(before);
          throw teamErrorFrom(err);
        }
      },
      resolve: (roomId) => setStatus(roomId, "resolved", null, "resolved"),
      reopen: (roomId) => setStatus(roomId, "open", null, "reopened"),
      markPending: (roomId) => setStatus(roomId, "pending", null, "pending"),
      snooze: (roomId, until) => setStatus(roomId, "snoozed", until, "snoozed"),
      async claim(roomId) {
        await store.write(roomId, "claim", { agent: ctx.deviceId }, ctx.deviceId);
        activity(roomId, "claimed");
      },
      async release(roomId) {
        await store.write(roomId, "claim", { agent: null }, ctx.deviceId);
        activity(roomId, "released");
      },
      async setLabel(roomId, labelId, on) {
        const current = store.stateOf(roomId).labels?.labels ?? [];
        if (current.includes(labelId) === on) return;
        const next = on ? [...current, labelId] : current.filter((id) => id !== labelId);
        await store.write(roomId, "labels", { labels: next }, ctx.deviceId);
        activity(roomId, on ? "labelled" : "unlabelled", {
          label: labelId,
          name: labels.get(labelId)?.value.name ?? "",
        });
      },
      labels,
    };
  },
};
