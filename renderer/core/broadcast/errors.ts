// Errors of the notification-room feature: a human sentence for the agent plus a machine-readable `reason`
// the UI translates (English and French). Also the one place that reads matrix-js-sdk's error shapes.

export type BroadcastErrorReason =
  /** The text is neither `#alias:server` nor `!id:server`. */
  | "invalid-address"
  /** The alias is not registered on its server. */
  | "no-such-alias"
  /** The room ID is unknown to support's server and it could not reach one that knows it. */
  | "room-not-found"
  /** The room is invite-only, or support is banned. */
  | "not-allowed"
  /** Support's homeserver (or, over federation, the alias's server) could not be reached. */
  | "unreachable"
  /** Support has not joined the room, so its state can't be read. */
  | "not-joined"
  /** The room is end-to-end encrypted: wallets could not read a broadcast; nothing was sent. */
  | "encrypted"
  | "alias-taken"
  | "invalid-alias"
  /** The alias names another server than support's; a room alias can only be created on one's own server. */
  | "alias-wrong-server"
  /** Support's server turns encryption on for every new room (server config), so the new room is unusable. */
  | "server-forces-encryption"
  | "empty"
  /** Support's power level is too low for this. */
  | "forbidden"
  | "failed";

export class BroadcastError extends Error {
  override name = "BroadcastError";
  readonly domain = "broadcast" as const;
  readonly reason: BroadcastErrorReason;

  constructor(reason: BroadcastErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** The parts of a matrix-js-sdk MatrixError / ConnectionError this module looks at. */
export interface MatrixFailure {
  errcode?: string;
  httpStatus?: number;
  message: string;
  connection: boolean;
}

export function describeFailure(err: unknown): MatrixFailure {
  const e = (err ?? {}) as { errcode?: unknown; httpStatus?: unknown; name?: unknown; message?: unknown };
  return {
    errcode: typeof e.errcode === "string" ? e.errcode : undefined,
    httpStatus: typeof e.httpStatus === "number" ? e.httpStatus : undefined,
    message: typeof e.message === "string" ? e.message : String(err),
    // ConnectionError (fetch failed, timeout) has no HTTP status; an aborted request is not a connection problem.
    connection:
      e.name === "ConnectionError" || (err instanceof TypeError && /fetch/i.test(String(e.message))),
  };
}

/** The "server unreachable" error with the server named, for any request that failed below HTTP. */
export function unreachable(server: string, cause: unknown): BroadcastError {
  return new BroadcastError(
    "unreachable",
    `Couldn't reach ${server}. Check the network connection and try again.`,
    { cause },
  );
}

/** A catch-all that still tells the agent what was being attempted. */
export function failed(what: string, cause: unknown): BroadcastError {
  if (cause instanceof BroadcastError) return cause;
  const f = describeFailure(cause);
  const detail = f.errcode ? ` (${f.errcode})` : "";
  return new BroadcastError("failed", `${what} failed${detail}: ${f.message}`, { cause });
}
