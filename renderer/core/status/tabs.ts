// The inbox's team filters, as dimensions of the inbox view (so they combine with All/Unread/Waiting and with
// each other, and every option gets a count in the same pass over the rows): the status tabs Open / Pending /
// Snoozed / Resolved, the assignment filter Mine / Unassigned / All, and one option per label. A snoozed
// conversation leaves the Snoozed tab by itself: a timer on the desk's clock wakes the inbox at the next
// snooze's end.
import type { Clock } from "../clock.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { InboxRow } from "../inbox/row.ts";
import { batched, type Readable } from "../observable.ts";
import type { Label } from "./labels.ts";
import { claimantOf, statusOf, STATUSES, wakeAt, type TeamSettings } from "./state.ts";

export const STATUS_DIMENSION = "status";
export const ASSIGNEE_DIMENSION = "assignee";
export const LABEL_DIMENSION = "label";
export type Assignee = "mine" | "unassigned" | "all";
/** The label filter's option that keeps every conversation. */
export const ANY_LABEL = "any";
const MINE = 0;
const UNASSIGNED = 1;
const OTHER = 2;

export interface TabsDeps {
  inbox: Inbox;
  clock: Clock;
  deviceId: string;
  settings: Readable<TeamSettings>;
  /** The account's signed-in devices (null: not known yet). */
  devices: Readable<ReadonlySet<string> | null>;
  labels: Readable<Label[]>;
  /**
   * Registers for changes of conversations' shared state (the store's onChange). Their rows' updates already
   * recount the inbox; the tabs only set the snooze timer again, so a status change costs one recount, not two
   * (each is a pass over every conversation: ~20 ms at 10,000).
   */
  changes?: (listener: () => void) => () => void;
}

export class InboxTabs {
  private readonly deps: TabsDeps;
  /** The time the filters judge snoozes by; moved forward when a snooze ends (and on every recount). */
  private now: number;
  private cancelWake: (() => void) | null = null;
  private wakeTime: number | null = null;
  private readonly cleanups: Array<() => void> = [];
  private removeLabels: (() => void) | null = null;
  /**
   * Each row's status and assignee (see judge), as of `now`, the settings and the devices: replaced whenever
   * one of those changes (every such change recounts). Rows are immutable, so a changed row is a new key.
   */
  private judged = new WeakMap<InboxRow, number>();

  constructor(deps: TabsDeps) {
    this.deps = deps;
    this.now = deps.clock.now();
    const { inbox } = deps;
    this.cleanups.push(
      inbox.addDimension({
        id: STATUS_DIMENSION,
        initial: "open",
        options: STATUSES.map((id, i) => ({ id, test: (row: InboxRow) => (this.judge(row) & 3) === i })),
      }),
    );
    const mine = (row: InboxRow) => this.judge(row) >> 2 === MINE;
    const unassigned = (row: InboxRow) => this.judge(row) >> 2 === UNASSIGNED;
    this.cleanups.push(
      inbox.addDimension({
        id: ASSIGNEE_DIMENSION,
        initial: "all",
        options: [
          { id: "mine", test: mine },
          { id: "unassigned", test: unassigned },
          { id: "all", test: () => true },
        ],
      }),
    );
    // Filters that read something outside the rows: recount when it changes.
    this.cleanups.push(deps.settings.subscribe(() => this.recount()));
    this.cleanups.push(deps.devices.subscribe(() => this.recount()));
    this.cleanups.push(deps.labels.subscribe((labels) => this.labelDimension(labels)));
    // A burst of changes (the first sync delivers every conversation's state) looks for the next wake once. The
    // time the filters judge by stays: a snooze that ended meanwhile is due at once, and its timer recounts.
    const rearm = batched(() => this.scheduleWake());
    if (deps.changes) this.cleanups.push(deps.changes(() => rearm()));
    this.cleanups.push(() => this.removeLabels?.());
    this.cleanups.push(() => this.cancelWake?.());
  }

  /** The label filter: any label, or one of the team's labels (rebuilt when the list changes). */
  private labelDimension(labels: readonly Label[]): void {
    const selected = this.deps.inbox.view.get().selection[LABEL_DIMENSION];
    this.removeLabels?.();
    this.removeLabels = this.deps.inbox.addDimension({
      id: LABEL_DIMENSION,
      initial: ANY_LABEL,
      options: [
        { id: ANY_LABEL, test: () => true },
        ...labels.map((label) => ({
          id: label.id,
          test: (row: InboxRow) => row.ext?.team?.labels?.labels.includes(label.id) ?? false,
        })),
      ],
    });
    if (selected && labels.some((l) => l.id === selected)) this.deps.inbox.select(LABEL_DIMENSION, selected);
  }

  /**
   * A row's status (its index in STATUSES, bits 0–1) and assignee (MINE, UNASSIGNED or OTHER, bits 2–3), worked
   * out once per row and recount. Every view tests every option of every dimension for every conversation:
   * reading each row's team state anew for each option made a tab switch at 10,000 conversations ~2× slower
   * (memory reads, not arithmetic: test/bench/desk-10k.ts).
   */
  private judge(row: InboxRow): number {
    let judged = this.judged.get(row);
    if (judged === undefined) {
      const status = STATUSES.indexOf(statusOf(row, this.now, this.deps.settings.get()));
      const claimant = claimantOf(row, this.deps.devices.get());
      const assignee = claimant === null ? UNASSIGNED : claimant === this.deps.deviceId ? MINE : OTHER;
      this.judged.set(row, (judged = status | (assignee << 2)));
    }
    return judged;
  }

  /** Counts again with the time as it is now (a status changed, or a snooze may have ended). */
  recount(): void {
    this.judged = new WeakMap();
    this.now = this.deps.clock.now();
    this.deps.inbox.refresh();
    this.scheduleWake();
  }

  /** Sets the timer for the next snooze to end. */
  scheduleWake(): void {
    const settings = this.deps.settings.get();
    let next: number | null = null;
    for (const row of this.deps.inbox.conversationRows()) {
      const at = wakeAt(row, this.now, settings);
      if (at !== null && (next === null || at < next)) next = at;
    }
    if (next === this.wakeTime) return;
    this.cancelWake?.();
    this.cancelWake = null;
    this.wakeTime = next;
    if (next === null) return;
    this.cancelWake = this.deps.clock.setTimeout(
      () => {
        this.wakeTime = null;
        this.cancelWake = null;
        this.recount();
      },
      Math.max(0, next - this.deps.clock.now()),
    );
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
