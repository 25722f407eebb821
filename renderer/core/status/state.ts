// A conversation's shared team state — its status, who claimed it, its labels — and the pure rules that read it.
//
// Each part is room account data of the support account on the conversation's room (one event type per part, so
// an agent claiming while another resolves don't overwrite each other). Account data is private to the account:
// wallets never receive it, and it never leaves support's homeserver. A wallet with several rooms has its state
// on each; the latest write (by `updatedAt`) of each part is the conversation's.
//
// The status an agent sees is derived, not only stored, so every device agrees without writing anything: a
// wallet message after the agent's decision reopens a Pending, Snoozed or Resolved conversation; a snooze ends
// by itself at its time; a reply moves an Open conversation to Pending (a team setting).

export type Status = "open" | "pending" | "snoozed" | "resolved";
export const STATUSES: readonly Status[] = ["open", "pending", "snoozed", "resolved"];

export const STATUS_DATA = "org.walletsupport.status";
export const CLAIM_DATA = "org.walletsupport.claim";
export const LABELS_DATA = "org.walletsupport.labels";
/** Global account data: the team's settings. */
export const SETTINGS_DATA = "org.walletsupport.settings";

interface Written {
  /** When it was written (the writing device's clock): between a wallet's rooms, the latest wins. */
  updatedAt: number;
  /** The device (agent) that wrote it. */
  by: string;
}

export interface StatusPart extends Written {
  status: Status;
  /** The newest message the agent had seen when deciding (server time): a wallet message after it reopens. */
  at: number;
  /** A snooze's end (null: until the wallet writes). */
  until: number | null;
}

export interface ClaimPart extends Written {
  /** The claiming agent's device; null once released. */
  agent: string | null;
}

export interface LabelsPart extends Written {
  labels: string[];
}

/** A conversation's shared state (any part may be missing: never set). */
export interface TeamState {
  status?: StatusPart;
  claim?: ClaimPart;
  labels?: LabelsPart;
}

export interface TeamSettings {
  /** An agent's reply moves an Open conversation to Pending. */
  replySetsPending: boolean;
}

// A reply keeps a conversation Open unless the team turns "a reply moves it to Pending" on: a conversation that
// leaves the default tab the moment the agent answers is a surprise (and its next message brings it back anyway).
export const DEFAULT_SETTINGS: TeamSettings = { replySetsPending: false };

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function written(c: Record<string, unknown>): Written | null {
  const updatedAt = num(c.updatedAt);
  const by = str(c.by);
  return updatedAt === null || by === null ? null : { updatedAt, by };
}

export function parseStatus(content: unknown): StatusPart | undefined {
  const c = obj(content);
  const base = written(c);
  const status = c.status as Status;
  if (!base || !STATUSES.includes(status)) return undefined;
  return { ...base, status, at: num(c.at) ?? 0, until: status === "snoozed" ? num(c.until) : null };
}

export function parseClaim(content: unknown): ClaimPart | undefined {
  const c = obj(content);
  const base = written(c);
  if (!base) return undefined;
  return { ...base, agent: str(c.agent) };
}

export const MAX_LABELS_PER_CONVERSATION = 20;

export function parseLabels(content: unknown): LabelsPart | undefined {
  const c = obj(content);
  const base = written(c);
  if (!base || !Array.isArray(c.labels)) return undefined;
  const labels = [...new Set(c.labels.filter((l): l is string => typeof l === "string" && l.length <= 64))];
  return { ...base, labels: labels.slice(0, MAX_LABELS_PER_CONVERSATION) };
}

export function parseSettings(content: unknown): TeamSettings {
  const c = obj(content);
  return { replySetsPending: c.replySetsPending === true };
}

function latest<T extends Written>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.updatedAt > a.updatedAt || (b.updatedAt === a.updatedAt && b.by > a.by) ? b : a;
}

/** A wallet's rooms' states as one: the latest write of each part. */
export function mergeStates(states: Iterable<TeamState>): TeamState {
  const out: TeamState = {};
  for (const s of states) {
    const status = latest(out.status, s.status);
    const claim = latest(out.claim, s.claim);
    const labels = latest(out.labels, s.labels);
    if (status) out.status = status;
    if (claim) out.claim = claim;
    if (labels) out.labels = labels;
  }
  return out;
}

export function sameState(a: TeamState | undefined, b: TeamState | undefined): boolean {
  return a?.status === b?.status && a?.claim === b?.claim && a?.labels === b?.labels;
}

/** What the derived status needs of a conversation's row (an InboxRow has it). */
export interface StatusInputs {
  walletTs: number;
  supportTs: number;
  ext?: { team?: TeamState };
}

/**
 * The status every agent sees, from the stored decision and what happened since:
 * - nothing decided yet: Open;
 * - Pending, Snoozed or Resolved, and the wallet wrote after the decision: Open again;
 * - Snoozed until a time that has come: Open;
 * - Open (never decided, reopened by the wallet, or set by an agent) and support replied after the wallet's
 *   latest message and after that decision: Pending, when the team's setting says so.
 */
export function statusOf(row: StatusInputs, now: number, settings: TeamSettings): Status {
  const stored = row.ext?.team?.status;
  let status: Status = stored?.status ?? "open";
  const decidedAt = stored?.at ?? 0;
  if (status !== "open" && row.walletTs > decidedAt) status = "open";
  if (status === "snoozed" && stored?.until !== null && stored?.until !== undefined && now >= stored.until)
    status = "open";
  if (status === "open" && settings.replySetsPending) {
    const explicitlyOpenedAt = stored?.status === "open" ? decidedAt : 0;
    if (row.supportTs > row.walletTs && row.supportTs > explicitlyOpenedAt) status = "pending";
  }
  return status;
}

/** When a snoozed conversation wakes by itself (null: it doesn't, or it is not snoozed). */
export function wakeAt(row: StatusInputs, now: number, settings: TeamSettings): number | null {
  const stored = row.ext?.team?.status;
  if (stored?.status !== "snoozed" || stored.until === null) return null;
  return statusOf(row, now, settings) === "snoozed" ? stored.until : null;
}

/** The agent the conversation is claimed by: null when nobody, or when that agent's device has signed out. */
export function claimantOf(
  row: { ext?: { team?: TeamState } },
  signedIn: ReadonlySet<string> | null,
): string | null {
  const agent = row.ext?.team?.claim?.agent ?? null;
  if (!agent) return null;
  return signedIn === null || signedIn.has(agent) ? agent : null;
}
