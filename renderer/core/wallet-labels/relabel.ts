// Keeps every inbox row's label in step with the team's label key, and the cues an agent needs not to mistake one
// wallet for another: "provisional" (no key yet: the label comes from a public hash), "new" (a wallet first seen
// on this device less than a day ago) and "looks like <other label>" (two listed codes share their first four
// characters or are within two edits, see lookalikes.ts). Rows are relabelled in one go when the key arrives or
// changes, and one by one as they are created (ingest makes them with the provisional label).
import { labelFor, type WalletLabel } from "../labels.ts";
import { LookalikeIndex } from "../lookalikes.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { InboxRow } from "../inbox/row.ts";
import type { Readable } from "../observable.ts";

/** How long a wallet counts as new after it first appeared on this device. */
export const NEW_FOR_MS = 24 * 60 * 60 * 1000;

export interface LabelCues {
  provisional: boolean;
  /** The label of a listed wallet this one could be mistaken for (null: none). */
  lookalike: string | null;
  /** When this device first saw the wallet arrive (null: it was there at the first full picture). */
  firstSeen: number | null;
}

declare module "../inbox/row.ts" {
  interface RowExtensions {
    walletLabel?: LabelCues;
  }
}

/** True while the wallet is new (see NEW_FOR_MS). */
export function isNew(row: InboxRow, now: number): boolean {
  const seen = row.ext?.walletLabel?.firstSeen;
  return typeof seen === "number" && now - seen < NEW_FOR_MS;
}

export interface RelabelDeps {
  inbox: Inbox;
  key: Readable<Uint8Array | null>;
  now: () => number;
  /** True once the first full picture is in: rows created later are "new". */
  live: () => boolean;
}

export class Relabeller {
  private readonly deps: RelabelDeps;
  private readonly index = new LookalikeIndex();
  private readonly labels = new Map<string, WalletLabel>();
  private readonly stops: Array<() => void> = [];

  constructor(deps: RelabelDeps) {
    this.deps = deps;
    // A rule, not a listener: every row is labelled before anyone (notifications, the snapshot) sees it.
    this.stops.push(deps.inbox.addRule((row, previous) => this.complete(row, previous)));
    this.stops.push(deps.inbox.onChange((row) => this.warnOthers(row)));
    this.stops.push(deps.inbox.onRemove((roomId) => this.index.delete(roomId)));
    this.stops.push(deps.key.subscribe(() => this.relabelAll()));
  }

  private labelOf(userId: string): WalletLabel {
    let label = this.labels.get(userId);
    if (!label) this.labels.set(userId, (label = labelFor(this.deps.key.get(), userId)));
    return label;
  }

  /** The key arrived or changed: every row again, at once (one sort, one emit). */
  relabelAll(): void {
    this.labels.clear();
    this.index.clear();
    const rows = this.deps.inbox.all();
    for (const row of rows) this.index.set(row.roomId, this.labelOf(row.walletUserId).code);
    if (rows.length) this.deps.inbox.load([...rows]);
  }

  private complete(row: InboxRow, previous: InboxRow | undefined): InboxRow {
    const label = this.labelOf(row.walletUserId);
    this.index.set(row.roomId, label.code);
    const fresh = !previous && this.deps.live();
    const firstSeen =
      row.ext?.walletLabel?.firstSeen ??
      previous?.ext?.walletLabel?.firstSeen ??
      (fresh ? this.deps.now() : null);
    const match = this.index.matches(row.roomId, label.code)[0];
    const other = match ? this.deps.inbox.get(match) : undefined;
    const lookalike = other ? this.labelOf(other.walletUserId).text : null;
    const labels: LabelCues = { provisional: label.provisional, lookalike, firstSeen };
    const next = { ...row, label: label.text, hue: label.hue, ext: { ...row.ext, walletLabel: labels } };
    return sameLabel(row, next) ? row : next;
  }

  /** The wallets a new or relabelled row looks like get the warning too (pointing back at it). */
  private warnOthers(row: InboxRow): void {
    if (!row.ext?.walletLabel?.lookalike) return;
    for (const id of this.index.matches(row.roomId, this.labelOf(row.walletUserId).code)) {
      const other = this.deps.inbox.get(id);
      if (other && !other.ext?.walletLabel?.lookalike) this.deps.inbox.upsert(other);
    }
  }

  dispose(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

function sameLabel(a: InboxRow, b: InboxRow): boolean {
  const x = a.ext?.walletLabel;
  const y = b.ext?.walletLabel;
  return (
    a.label === b.label &&
    a.hue === b.hue &&
    x?.provisional === y?.provisional &&
    x?.lookalike === y?.lookalike &&
    x?.firstSeen === y?.firstSeen
  );
}
