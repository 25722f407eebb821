// The benchmark's PostgreSQL port repair (test/bench/pg-port.ts) on a real PostgreSQL cluster: sequences left the
// way synapse_port_db leaves them (ALTER SEQUENCE … RESTART WITH max+1, unread) are reported, then aligned so
// Synapse reads the newest id in use as the stream position while the next id handed out stays the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alignPortedSequences, sequenceProblems } from "../bench/pg-port.ts";
import { startPostgres, type Postgres } from "../harness/postgres.ts";

describe("ported PostgreSQL sequences", () => {
  let pg: Postgres;
  const sql = (statement: string) => pg.sql(statement, "synapse");
  const state = async (seq: string) => (await sql(`SELECT last_value, is_called FROM ${seq}`)).trim();

  beforeAll(async () => {
    pg = await startPostgres();
    await pg.createDatabase("synapse");
    await sql("CREATE TABLE stream_positions (stream_name TEXT, instance_name TEXT, stream_id BIGINT)");
    await sql(
      "INSERT INTO stream_positions VALUES ('account_data', 'master', 7), ('to_device', 'master', 41)",
    );
    for (const seq of ["account_data_sequence", "device_inbox_sequence", "events_stream_seq"])
      await sql(`CREATE SEQUENCE ${seq}`);
    // As synapse_port_db leaves them: account data rows up to 7, no to-device rows left (its position is 41).
    await sql("ALTER SEQUENCE account_data_sequence RESTART WITH 8");
    await sql("ALTER SEQUENCE device_inbox_sequence RESTART WITH 2");
    // As a native Synapse keeps them (setval: read at the newest id).
    await sql("SELECT setval('events_stream_seq', 14959)");
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it("reports the unread and lagging stream sequences, then aligns them without changing the next id", async () => {
    const before = await sequenceProblems(pg.sql, "synapse");
    expect(before).toEqual([
      "account_data_sequence is unread at 8: Synapse would start its stream one id ahead",
      "device_inbox_sequence is unread at 2: Synapse would start its stream one id ahead",
      "stream to_device is at 41 but device_inbox_sequence at 1",
    ]);

    await alignPortedSequences(pg.sql, "synapse");

    expect(await sequenceProblems(pg.sql, "synapse")).toEqual([]);
    // Synapse reads last_value as the stream's position: now the newest id in use…
    expect(await state("account_data_sequence")).toBe("7|t");
    expect(await state("device_inbox_sequence")).toBe("41|t");
    expect(await state("events_stream_seq")).toBe("14959|t");
    // …and the next write still gets the id after it.
    expect((await sql("SELECT nextval('account_data_sequence')")).trim()).toBe("8");
    expect((await sql("SELECT nextval('events_stream_seq')")).trim()).toBe("14960");
  });
});
