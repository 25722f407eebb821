// Errors of the team features (agent names, notes, status, claims, labels, canned replies): a `code` the UI
// switches over exhaustively (a new code does not compile until it has words in English and French), the
// parameters its sentence needs, and an English message for logs. Nothing an agent typed is ever dropped on an
// error: the caller keeps it on screen.

export type TeamErrorCode =
  /** The agent name is empty once trimmed. */
  | "name-empty"
  | "name-too-long"
  | "note-empty"
  /** Longer than notes can be (params: max, length). */
  | "note-too-long"
  | "label-empty"
  | "label-too-long"
  /** Another label already has this name (params: name). */
  | "label-exists"
  /** A snooze must end in the future (params: until). */
  | "snooze-in-past"
  /** A canned reply misses a title, a shortcut or both texts, or has too much (params: detail). */
  | "canned-invalid"
  /** Another canned reply already uses this shortcut (params: shortcut). */
  | "canned-shortcut-taken"
  /** An import file is not a canned-reply export (params: detail). */
  | "import-invalid"
  /** This device was signed out by the server: nothing can be saved until the agent signs in again. */
  | "signed-out"
  /** The homeserver could not be reached; the change was not saved (params: detail). */
  | "offline"
  /** The homeserver refused (params: detail). */
  | "refused";

export type TeamErrorParams = Record<string, string | number>;

export class TeamError extends Error {
  override name = "TeamError";
  readonly code: TeamErrorCode;
  readonly params: TeamErrorParams;

  constructor(code: TeamErrorCode, params: TeamErrorParams = {}, options?: { cause?: unknown }) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ""}`, options);
    this.code = code;
    this.params = params;
  }
}

/** A failed request to the homeserver as a TeamError (signed out, offline, or refused). */
export function teamErrorFrom(err: unknown): TeamError {
  if (err instanceof TeamError) return err;
  const e = err as { httpStatus?: number; errcode?: string; data?: { errcode?: string; error?: string } };
  const errcode = e.errcode ?? e.data?.errcode;
  if (e.httpStatus === 401 || errcode === "M_UNKNOWN_TOKEN")
    return new TeamError("signed-out", {}, { cause: err });
  if (!e.httpStatus || e.httpStatus >= 500 || e.httpStatus === 429)
    return new TeamError("offline", { detail: (err as Error)?.message ?? String(err) }, { cause: err });
  return new TeamError(
    "refused",
    { detail: e.data?.error ?? errcode ?? String(e.httpStatus) },
    { cause: err },
  );
}

// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g;

/** Trims, folds whitespace and removes control characters: what a short single-line name may contain. */
export function cleanLine(text: string): string {
  // Control characters, zero-width and bidirectional overrides: a name must read as it is stored.
  return text.replace(INVISIBLE, " ").replace(/\s+/g, " ").trim();
}
