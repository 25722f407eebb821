// Small view rules shared by the team screens: an agent's name as the agent reads it, an activity line's words,
// and the label chips a row has room for.
import type { ActivityItem } from "../../core/notes/timeline.ts";
import type { Me } from "../../core/staff/agents.ts";
import type { MessageKey, Translator } from "../i18n/translate.ts";

/** An agent's name: the one published to the team, this device's own, or "An agent" (never a device ID). */
export function agentName(
  tr: Translator,
  deviceId: string | null,
  names: ReadonlyMap<string, string> | undefined,
  me: Me | undefined,
): string {
  if (!deviceId) return tr.t("agent.someone");
  if (me && deviceId === me.deviceId && me.name) return me.name;
  return names?.get(deviceId) ?? tr.t("agent.someone");
}

const ACTIONS: Record<string, MessageKey> = {
  resolved: "activity.resolved",
  reopened: "activity.reopened",
  pending: "activity.pending",
  snoozed: "activity.snoozed",
  claimed: "activity.claimed",
  released: "activity.released",
  labelled: "activity.labelled",
  unlabelled: "activity.unlabelled",
};

/** "Alice resolved · 14:02". */
export function activityLine(tr: Translator, item: ActivityItem, name: string): string {
  let key: MessageKey = ACTIONS[item.action] ?? "activity.other";
  if (item.action === "snoozed" && item.until === null) key = "activity.snoozedWallet";
  const what = tr.t(key, {
    name,
    time: item.until === null ? "" : `${tr.date(item.until)} ${tr.time(item.until)}`,
    label: item.label ?? "",
  });
  return tr.t("activity.line", { what, time: tr.time(item.ts) });
}

/** The labels a row shows (the first few) and how many more there are. */
export function visibleLabels<T>(labels: readonly T[], room = 2): { shown: T[]; more: number } {
  return { shown: labels.slice(0, room), more: Math.max(0, labels.length - room) };
}
