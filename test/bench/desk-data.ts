// Generated data for the team desk benchmark (desk-10k.ts): a support inbox of N wallet conversations shaped like
// a busy team's — timeline events as sync delivers them, the shared status / claim / labels as the room account
// data other agents' devices write — and, for the Metrics screen, every conversation's message stamps and the
// team's activity lines over a year. Seeded, so two runs measure the same data.
import type { DataEvent } from "../../renderer/core/desk/taps.ts";
import type { WireEvent } from "../../renderer/core/inbox/row.ts";
import type {
  ActivityStamp,
  ConversationStamps,
  MessageStamp,
} from "../../renderer/core/metrics/compute/types.ts";
import type { Label } from "../../renderer/core/status/labels.ts";
import { CLAIM_DATA, LABELS_DATA, STATUS_DATA, type Status } from "../../renderer/core/status/state.ts";

export const SUPPORT = "@support:provider.bench";
/** This device's agent, two colleagues, and a device that has signed out since it claimed. */
export const ME = "AGENTME";
export const AGENTS = [ME, "AGENTTWO", "AGENTTHREE"] as const;
export const GONE = "AGENTGONE";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A small seeded generator (mulberry32): the same conversations in every run. */
export { random } from "../fixtures/random.ts";
import { random } from "../fixtures/random.ts";

export const LABELS: Label[] = [
  "seed phrase lost",
  "verifier error",
  "issuer down",
  "new phone",
  "diploma",
  "billing",
].map((name, i) => ({ id: `label${i}`, value: { name, colour: i }, version: `$label${i}`, ts: 1, by: ME }));

export interface BenchRoom {
  roomId: string;
  walletUserId: string;
  events: WireEvent[];
  /** Support read up to this event without answering (null: unread, or answered). */
  readUpTo: string | null;
  /** The room account data another agent's device wrote (delivered through the sync taps). */
  accountData: DataEvent[];
}

const TEXTS = [
  "Bonjour, mon attestation ne s'affiche plus",
  "I lost my phone, how do I get my diploma back?",
  "The verifier says my credential is invalid",
  "Merci, ça marche",
  "Can you check again please?",
];

/**
 * The inbox's rooms: about one wallet in 30 has a second room (AltMe's `-updated-` room, folded into one
 * conversation). Statuses: a quarter never decided (Open), Pending, Snoozed (until an hour, tomorrow, next week,
 * one already over, or until the wallet writes), Resolved — and some decided conversations the wallet wrote to
 * again (Open again). Claims by three agents and one signed-out device; 0–2 of six labels on a third of them.
 */
export function inboxRooms(conversations: number, now: number, seed = 1): BenchRoom[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const rooms: BenchRoom[] = [];
  let eventNo = 0;
  for (let c = 0; c < conversations; c++) {
    const walletUserId = `@did-key-z6mk${c.toString(36).padStart(6, "0")}:wallets.bench`;
    const roomCount = rnd() < 1 / 30 ? 2 : 1;
    // Latest activity over the last 90 days, more of it recent.
    const last = now - Math.floor(90 * DAY * rnd() ** 2);
    for (let r = 0; r < roomCount; r++) {
      const roomId = `!w${c}${r ? "-updated" : ""}:provider.bench`;
      const events: WireEvent[] = [];
      const messages = 2 + Math.floor(rnd() * 5);
      // The older room stopped a day before the newer one began.
      const end = last - (roomCount - 1 - r) * DAY;
      const walletLast = rnd() < 0.4; // the wallet wrote last: waiting
      for (let m = 0; m < messages; m++) {
        const fromWallet = m === messages - 1 ? walletLast : m % 2 === 0;
        events.push({
          event_id: `$e${++eventNo}`,
          sender: fromWallet ? walletUserId : SUPPORT,
          type: rnd() < 0.05 ? "m.room.encrypted" : "m.room.message",
          origin_server_ts: end - (messages - 1 - m) * 7 * MINUTE,
          content: { msgtype: "m.text", body: pick(TEXTS) },
        });
      }
      const lastEvent = events.at(-1)!;
      // An agent looked at some waiting conversations without answering yet.
      const readUpTo = walletLast && rnd() < 0.4 ? (lastEvent.event_id as string) : null;
      const accountData = r === roomCount - 1 ? teamData(rnd, pick, now, end) : [];
      rooms.push({ roomId, walletUserId, events, readUpTo, accountData });
    }
  }
  return rooms;
}

function teamData(
  rnd: () => number,
  pick: <T>(xs: readonly T[]) => T,
  now: number,
  lastMessage: number,
): DataEvent[] {
  const out: DataEvent[] = [];
  const by = pick(AGENTS);
  const roll = rnd();
  const status: Status | null =
    roll < 0.25 ? null : roll < 0.45 ? "pending" : roll < 0.58 ? "snoozed" : "resolved";
  if (status) {
    // Decided after the last message, or (one in eight) before the wallet's latest one: Open again.
    const at = rnd() < 0.125 ? lastMessage - MINUTE : lastMessage;
    const until =
      status !== "snoozed"
        ? null
        : pick([now + HOUR, now + 21 * HOUR, now + 6 * DAY, now - HOUR, null] as const);
    out.push({
      type: STATUS_DATA,
      content: { status, at, until, updatedAt: lastMessage + MINUTE, by },
    });
  }
  if (rnd() < 0.6) {
    const agent = rnd() < 0.05 ? GONE : pick(AGENTS);
    out.push({ type: CLAIM_DATA, content: { agent, updatedAt: lastMessage, by: agent } });
  }
  if (rnd() < 0.33) {
    const labels = [pick(LABELS).id];
    if (rnd() < 0.3) labels.push(pick(LABELS).id);
    out.push({ type: LABELS_DATA, content: { labels, updatedAt: lastMessage, by } });
  }
  return out;
}

/**
 * The Metrics screen's input for N conversations over the `days` before `now`: each conversation has 1–4
 * openings (a wallet's question, support's replies within minutes to a day, more wallet messages), most of them
 * claimed and resolved by one of three agents (a few resolved twice by two agents at once, a few reopened);
 * the latest opening of some is still unresolved, some of those waiting on the team.
 */
export function metricsConversations(
  conversations: number,
  now: number,
  days: number,
  seed = 2,
): ConversationStamps[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: ConversationStamps[] = [];
  for (let c = 0; c < conversations; c++) {
    const messages: MessageStamp[] = [];
    const activity: ActivityStamp[] = [];
    const openings = 1 + Math.floor(rnd() * rnd() * 4);
    let t = now - Math.floor(days * DAY * rnd());
    let claimedBy: string | null = null;
    for (let o = 0; o < openings && t < now; o++) {
      const agent = pick(AGENTS);
      const walletMessages = 1 + Math.floor(rnd() * 4);
      for (let m = 0; m < walletMessages; m++) {
        messages.push({ ts: t, from: "wallet" });
        t += Math.floor(rnd() * 3 * MINUTE);
      }
      if (rnd() < 0.7) {
        activity.push({ ts: t + MINUTE, agent, action: "claimed" });
        claimedBy = agent;
      }
      const last = o === openings - 1;
      // The last opening stays unresolved in one case out of five (waiting if nobody answered yet).
      if (last && rnd() < 0.2) {
        if (rnd() < 0.5) messages.push({ ts: t + Math.floor(rnd() * 4 * HOUR), from: "support" });
        break;
      }
      t += Math.floor(rnd() ** 2 * DAY) + MINUTE;
      const replies = 1 + Math.floor(rnd() * 3);
      for (let m = 0; m < replies; m++) {
        messages.push({ ts: t, from: "support" });
        if (rnd() < 0.6) messages.push({ ts: t + 4 * MINUTE, from: "wallet" });
        t += 10 * MINUTE + Math.floor(rnd() * HOUR);
      }
      if (rnd() < 0.03) activity.push({ ts: t, agent, action: "pending" });
      activity.push({ ts: t, agent, action: "resolved" });
      if (rnd() < 0.02) activity.push({ ts: t + 1, agent: pick(AGENTS), action: "resolved" });
      if (rnd() < 0.05) activity.push({ ts: t + HOUR, agent: pick(AGENTS), action: "reopened" });
      if (claimedBy && rnd() < 0.5) {
        activity.push({ ts: t + 1, agent: claimedBy, action: "released" });
        claimedBy = null;
      }
      // The wallet comes back days or weeks later.
      t += Math.floor(rnd() * 40 * DAY) + HOUR;
    }
    out.push({
      id: `@did-key-z6mk${c.toString(36).padStart(6, "0")}:wallets.bench`,
      messages: messages.filter((m) => m.ts < now),
      activity: activity.filter((a) => a.ts < now),
      claimedBy,
    });
  }
  return out;
}
