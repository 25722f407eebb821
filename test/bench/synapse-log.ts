// Counts requests in Synapse's access log (its "Processed request" lines): how many matched a path, and how long
// the server spent on them — wall time per request, its own CPU and its database time. Read from a byte offset,
// so a measure sees only the requests made while it ran. The log is the server's word: no proxy in the path.
import { closeSync, openSync, readSync, statSync } from "node:fs";

export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
  status: number;
  /** Seconds from receiving the request to sending the response. */
  seconds: number;
  /** Synapse's CPU (user + system) and database seconds for it. */
  cpuSeconds: number;
  dbSeconds: number;
  userAgent: string;
}

const LINE =
  /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*Processed request: ([\d.]+)sec\/[\d.]+sec ru=\(([\d.]+)sec, ([\d.]+)sec\) db=\(([\d.]+)sec\/[\d.]+sec\/\d+\) \S+ (\d{3}) "(\w+) (\S+) HTTP\/[\d.]+" "([^"]*)"/;

export function parseLine(line: string): LoggedRequest | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const [, when, secs, user, sys, db, status, method, path, agent] = m;
  return {
    at: Date.parse(when!.replace(" ", "T").replace(",", ".")),
    method: method!,
    path: path!,
    status: Number(status),
    seconds: Number(secs),
    cpuSeconds: Number(user) + Number(sys),
    dbSeconds: Number(db),
    userAgent: agent!,
  };
}

export class SynapseLog {
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  /** Where the log ends now: pass it to `since` later. */
  mark(): number {
    return statSync(this.file).size;
  }

  /** Every request logged after `offset`. */
  since(offset: number): LoggedRequest[] {
    const size = statSync(this.file).size;
    if (size <= offset) return [];
    const fd = openSync(this.file, "r");
    try {
      const buf = Buffer.alloc(size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      return buf
        .toString("utf8")
        .split("\n")
        .map(parseLine)
        .filter((r): r is LoggedRequest => r !== null);
    } finally {
      closeSync(fd);
    }
  }
}

export interface TrafficCount {
  requests: number;
  /** The SDK's per-session lookups, GET /room_keys/keys/{roomId}/{sessionId}. */
  perSession: number;
  /** Whole-backup and per-room downloads, GET /room_keys/keys and /room_keys/keys/{roomId}. */
  bulk: number;
  serverSeconds: number;
  cpuSeconds: number;
  dbSeconds: number;
  /** Time of the last matching request (ms since epoch), or null. */
  lastAt: number | null;
}

/** Key-backup traffic (everything under /room_keys/) among `requests`. */
export function keyBackupTraffic(requests: LoggedRequest[]): TrafficCount {
  const mine = requests.filter((r) => r.path.includes("/room_keys/"));
  const keyPath = (r: LoggedRequest) => r.path.split("?")[0]!.split("/room_keys/keys")[1];
  return {
    requests: mine.length,
    perSession: mine.filter((r) => r.method === "GET" && (keyPath(r)?.split("/").length ?? 0) === 3).length,
    bulk: mine.filter((r) => {
      const rest = keyPath(r);
      return r.method === "GET" && rest !== undefined && rest.split("/").length <= 2;
    }).length,
    serverSeconds: mine.reduce((s, r) => s + r.seconds, 0),
    cpuSeconds: mine.reduce((s, r) => s + r.cpuSeconds, 0),
    dbSeconds: mine.reduce((s, r) => s + r.dbSeconds, 0),
    lastAt: mine.length > 0 ? Math.max(...mine.map((r) => r.at)) : null,
  };
}
