// What a conversation's staff records look like in its timeline: notes (their parts put back together, with the
// state of those still in the outbox) and activity lines. Pure, so the assembly is tested without a server.
import type { OutboxItem } from "../conversation/outbox.ts";
import { NOTE_EVENT, type StaffRecord } from "../staff/records.ts";

export type NoteState = "sent" | "queued" | "sending" | "failed";

export interface NoteItem {
  kind: "note";
  /** The note's own ID (shared by its parts). */
  id: string;
  ts: number;
  /** The writing agent's device. */
  agent: string;
  body: string;
  state: NoteState;
  /** Parts of the note not read yet (still arriving, or their key is missing): the body is incomplete. */
  incomplete: boolean;
  /** Transaction IDs of parts still in the outbox (retry / cancel). */
  txnIds: string[];
  /** Why a part was not sent (English detail), when failed or waiting. */
  error: string | null;
}

export interface ActivityItem {
  kind: "activity";
  id: string;
  ts: number;
  agent: string;
  action: string;
  /** A snooze's end (null: until the wallet writes). */
  until: number | null;
  /** A label's name as it was when put on or taken off. */
  label: string | null;
}

export type StaffItem = NoteItem | ActivityItem;

interface Part {
  note: string;
  part: number;
  parts: number;
  body: string;
}

function partOf(content: Record<string, unknown>, fallbackId: string): Part {
  const parts = typeof content.parts === "number" && content.parts >= 1 ? Math.min(content.parts, 100) : 1;
  const part = typeof content.part === "number" && content.part >= 0 ? content.part : 0;
  return {
    note: typeof content.note === "string" ? content.note : fallbackId,
    part,
    parts,
    body: typeof content.body === "string" ? content.body : "",
  };
}

const RANK: Record<NoteState, number> = { failed: 3, sending: 2, queued: 1, sent: 0 };

export function staffTimeline(
  records: readonly StaffRecord[],
  pending: readonly OutboxItem[],
  conversation: string,
): StaffItem[] {
  const notes = new Map<string, { item: NoteItem; bodies: Map<number, string>; parts: number }>();
  const items: StaffItem[] = [];
  const sentTxn = new Set(records.flatMap((r) => (r.txnId ? [r.txnId] : [])));
  const note = (id: string, ts: number, agent: string, parts: number) => {
    let entry = notes.get(id);
    if (!entry) {
      const item: NoteItem = {
        kind: "note",
        id,
        ts,
        agent,
        body: "",
        state: "sent",
        incomplete: false,
        txnIds: [],
        error: null,
      };
      entry = { item, bodies: new Map(), parts };
      notes.set(id, entry);
      items.push(item);
    }
    entry.item.ts = Math.min(entry.item.ts, ts);
    return entry;
  };
  for (const record of records) {
    if (record.type === "activity") {
      const c = record.content;
      items.push({
        kind: "activity",
        id: record.id,
        ts: record.ts,
        agent: record.agent,
        action: typeof c.action === "string" ? c.action : "",
        until: typeof c.until === "number" ? c.until : null,
        label: typeof c.name === "string" ? c.name : null,
      });
    } else if (record.type === "note") {
      const p = partOf(record.content, record.id);
      note(p.note, record.ts, record.agent, p.parts).bodies.set(p.part, p.body);
    }
  }
  for (const entry of pending) {
    const c = entry.content;
    if (entry.type !== NOTE_EVENT || c.conversation !== conversation || sentTxn.has(entry.txnId)) continue;
    const p = partOf(c, entry.txnId);
    const agent = typeof c.agent === "string" ? c.agent : "";
    const n = note(p.note, entry.createdAt, agent, p.parts);
    n.bodies.set(p.part, p.body);
    n.item.txnIds.push(entry.txnId);
    if (RANK[entry.state] > RANK[n.item.state]) n.item.state = entry.state;
    n.item.error ??= entry.error;
  }
  for (const { item, bodies, parts } of notes.values()) {
    item.incomplete = bodies.size < parts;
    item.body = [...bodies.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, body]) => body)
      .join("");
  }
  return items.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
