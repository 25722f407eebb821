// What the console asks simplified sliding sync for: the inbox list (its fields and how its window grows from
// the first screenful to every room), the invites list, and the subscription for open conversations. Shared by
// the engine (sliding.ts), the saved position (a position is only reused with the same lists) and the
// benchmark's raw-server baseline, which must ask for exactly the same.
import type { MSC3575List } from "matrix-js-sdk/lib/sliding-sync.js";

/** The first window: what an agent sees on screen right after sign-in. */
export const FIRST_WINDOW = 20;
/** How the inbox list grows after the first window, until it covers every room. */
const GROWTH = [200, 1000, 3000];
const GROWTH_STEP = 5000;

/** The next window end once the window ending at `end` has arrived. */
export function nextWindow(end: number): number {
  return GROWTH.find((g) => g > end) ?? end + GROWTH_STEP;
}

/** Events per room in the inbox list: enough for the latest message past a membership change or two. */
const INBOX_TIMELINE = 4;

// The join rule rides along so a conversation whose room is opened up is flagged (room-check.ts); joined_count,
// which every room's data carries, tells when a third member joins. (It is part of LISTS_FINGERPRINT: a position
// saved without it is not resumed, so every row gets its join rule.)
const INBOX_STATE = [
  ["m.room.create", ""],
  ["m.room.encryption", ""],
  ["m.room.join_rules", ""],
];

export function inboxList(end: number): MSC3575List {
  return {
    ranges: [[0, end - 1]],
    timeline_limit: INBOX_TIMELINE,
    required_state: INBOX_STATE,
    filters: { is_invite: false, is_encrypted: true },
  };
}

export const INVITES_LIST: MSC3575List = {
  ranges: [[0, 999]],
  timeline_limit: 0,
  required_state: [],
  filters: { is_invite: true },
};

/** Full state and a screenful of history for conversations the agent opens. */
export const CONVERSATION_SUBSCRIPTION = {
  timeline_limit: 40,
  required_state: [["*", "*"]],
};

/**
 * What the server's memory of a connection depends on: a saved position is only resumed by a console asking for
 * the same lists (a changed timeline limit or required state would leave rows built from the old shape).
 */
export const LISTS_FINGERPRINT = JSON.stringify([
  inboxList(1).timeline_limit,
  INBOX_STATE,
  inboxList(1).filters,
  INVITES_LIST.filters,
  CONVERSATION_SUBSCRIPTION,
]);
