// Owns the repair of Synapse's PostgreSQL sequences after `synapse_port_db`, and the check that they are in step.
//
// Why: synapse_port_db sets each sequence with `ALTER SEQUENCE … RESTART WITH max+1`, which leaves it unread
// (`is_called = false`, `last_value = max+1`). Synapse (1.160, MultiWriterIdGenerator._load_current_ids) takes a
// writer's current stream position from `SELECT last_value` without looking at `is_called`, so after a port every
// stream starts one ahead of what it holds (account data 8 while the newest row is 7), and the next write gets the
// id the sync tokens already claim: the first new account data, event, receipt, device-list change… after each
// start never reaches an incremental sync (sliding sync never echoes it). Marking each sequence as read at the
// same position (`setval(seq, last_value - 1, true)`) hands out the same next id but makes last_value the newest
// id in use, the way a native PostgreSQL Synapse keeps them.
import type { Postgres } from "../harness/postgres.ts";

/**
 * The sequences behind Synapse's multi-writer streams (1.160: every `sequence_name=` of a MultiWriterIdGenerator),
 * whose `last_value` Synapse reads as the stream's current position at start.
 */
const STREAM_SEQUENCES = [
  "account_data_sequence",
  "cache_invalidation_stream_seq",
  "device_inbox_sequence",
  "device_lists_sequence",
  "events_backfill_stream_seq",
  "events_stream_seq",
  "presence_stream_sequence",
  "profile_updates_sequence",
  "push_rules_stream_sequence",
  "pushers_sequence",
  "quarantined_media_id_seq",
  "receipts_sequence",
  "sticky_events_sequence",
  "thread_subscriptions_sequence",
  "un_partial_stated_event_stream_sequence",
  "un_partial_stated_room_stream_sequence",
];

/** Streams whose position `stream_positions` may carry, and the sequence Synapse checks it against. */
const POSITION_SEQUENCES: Record<string, string> = {
  to_device: "device_inbox_sequence",
  account_data: "account_data_sequence",
  events: "events_stream_seq",
  device_lists_stream: "device_lists_sequence",
  receipts: "receipts_sequence",
  presence_stream: "presence_stream_sequence",
  push_rules_stream: "push_rules_stream_sequence",
};

type Sql = Postgres["sql"];

interface SequenceState {
  name: string;
  lastValue: number;
  isCalled: boolean;
}

async function sequences(sql: Sql, db: string): Promise<SequenceState[]> {
  const names = (
    await sql("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1", db)
  )
    .split("\n")
    .filter(Boolean);
  const states: SequenceState[] = [];
  for (const name of names) {
    const [lastValue, isCalled] = (await sql(`SELECT last_value, is_called FROM ${name}`, db))
      .trim()
      .split("|");
    states.push({ name, lastValue: Number(lastValue), isCalled: isCalled === "t" });
  }
  return states;
}

async function streamPositions(sql: Sql, db: string): Promise<Map<string, number>> {
  const rows = (await sql("SELECT stream_name, max(stream_id) FROM stream_positions GROUP BY 1", db))
    .split("\n")
    .filter(Boolean)
    .map((row) => row.split("|") as [string, string]);
  return new Map(rows.map(([stream, id]) => [stream, Number(id)]));
}

/** The newest id a sequence has handed out (what Synapse should read as the stream's position). */
const allocated = (s: SequenceState) => (s.isCalled ? s.lastValue : s.lastValue - 1);

/**
 * Puts every sequence of a freshly ported database (streams' and the others alike: the next id handed out stays
 * the same) in the state Synapse reads correctly: read (`is_called`) at
 * the newest id in use, and never behind the position `stream_positions` carries for its stream (synapse_port_db
 * keeps the to-device position but sets the sequence from the rows left, which Synapse refuses to start on).
 */
export async function alignPortedSequences(sql: Sql, db: string): Promise<void> {
  const positions = await streamPositions(sql, db);
  const carried = new Map(
    Object.entries(POSITION_SEQUENCES).map(([stream, seq]) => [seq, positions.get(stream) ?? 0]),
  );
  for (const s of await sequences(sql, db)) {
    // An unused sequence (1, unread) becomes read at 1: Synapse's streams never hand out id 1 as new anyway.
    const target = Math.max(allocated(s), carried.get(s.name) ?? 0, 1);
    if (!s.isCalled || target !== s.lastValue) await sql(`SELECT setval('${s.name}', ${target}, true)`, db);
  }
}

/**
 * What is out of step in a ported database, in words (empty when Synapse will read every stream's position
 * right): an unread stream sequence makes Synapse start that stream one id ahead of its rows. A native
 * PostgreSQL Synapse passes (its stream sequences are set with setval, read); other sequences may stay unread.
 */
export async function sequenceProblems(sql: Sql, db: string): Promise<string[]> {
  const problems: string[] = [];
  const positions = await streamPositions(sql, db);
  const byName = new Map((await sequences(sql, db)).map((s) => [s.name, s]));
  for (const name of STREAM_SEQUENCES) {
    const s = byName.get(name);
    if (s && !s.isCalled)
      problems.push(`${name} is unread at ${s.lastValue}: Synapse would start its stream one id ahead`);
  }
  for (const [stream, seq] of Object.entries(POSITION_SEQUENCES)) {
    const s = byName.get(seq);
    const position = positions.get(stream);
    if (s && position !== undefined && position > allocated(s))
      problems.push(`stream ${stream} is at ${position} but ${seq} at ${allocated(s)}`);
  }
  return problems;
}
