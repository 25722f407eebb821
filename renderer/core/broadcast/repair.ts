// One call that makes the notification room safe as far as support's power allows: plans from fresh state,
// applies power levels first (the protection), then the join rule, history and directory listing, and reports
// what changed, what it couldn't fix and why, with the checklist read again afterwards.
import type { MatrixClient } from "matrix-js-sdk";
import { describeFailure } from "./errors.ts";
import { checkHealth, readRoomFacts, type NotificationRoomHealth } from "./health.ts";
import { putState, setDirectoryListing } from "./http.ts";
import {
  planRepair,
  type RepairChange,
  type RepairOptions,
  type RepairProblem,
  type RepairStep,
} from "./repair-plan.ts";

export interface RepairReport {
  /** Changes the server accepted. */
  changed: RepairChange[];
  /** Checks still failing, with why (support lacks power, the room is encrypted, a request was refused…). */
  notFixed: RepairProblem[];
  /** The checklist read again after the changes. */
  health: NotificationRoomHealth;
}

function refused(changes: RepairChange[], err: unknown): RepairProblem[] {
  const f = describeFailure(err);
  const why = f.errcode === "M_FORBIDDEN" ? "the server refused it (support lacks the power)" : f.message;
  return changes.map((c) => ({
    check: c.check,
    reason: f.errcode === "M_FORBIDDEN" ? "support_lacks_power" : "failed",
    detail: `Couldn't change ${c.key}: ${why}.`,
  }));
}

export async function repair(
  client: MatrixClient,
  roomId: string,
  options: RepairOptions = {},
): Promise<RepairReport> {
  const facts = await readRoomFacts(client, roomId);
  const plan = planRepair(facts, options);
  const changed: RepairChange[] = [];
  const refusals: RepairProblem[] = [];
  const step = async (which: RepairStep, run: () => Promise<unknown>) => {
    const mine = plan.changes.filter((c) => c.step === which);
    try {
      await run();
      changed.push(...mine);
    } catch (err) {
      refusals.push(...refused(mine, err));
    }
  };
  if (plan.powerLevels) {
    const content = plan.powerLevels;
    await step("power_levels", () => putState(client, roomId, "m.room.power_levels", content));
  }
  if (plan.joinRule) {
    const joinRule = plan.joinRule;
    await step("join_rule", () => putState(client, roomId, "m.room.join_rules", { join_rule: joinRule }));
  }
  if (plan.historyVisibility) {
    const visibility = plan.historyVisibility;
    await step("history_visibility", () =>
      putState(client, roomId, "m.room.history_visibility", { history_visibility: visibility }),
    );
  }
  if (plan.publishToDirectory) {
    await step("directory", () => setDirectoryListing(client, roomId, true));
  }
  // Judge against the room as it now is, not the plan: a change can be refused, or the room can change meanwhile.
  const health = await checkHealth(client, roomId);
  const attempted = new Set(plan.changes.map((c) => c.check));
  const notFixed = health.checks
    .filter(
      (c) =>
        !c.ok && (!c.informational || attempted.has(c.id) || plan.problems.some((p) => p.check === c.id)),
    )
    .map(
      (c): RepairProblem =>
        refusals.find((p) => p.check === c.id) ??
        plan.problems.find((p) => p.check === c.id) ?? { check: c.id, reason: "failed", detail: c.detail },
    );
  return { changed, notFixed, health };
}
