// The team features' errors in the agent's language: one sentence per TeamError code, chosen by an exhaustive
// map (a new code is a compile error until it has words), everything else as the console's other errors.
import type { TeamErrorCode } from "../../core/staff/errors.ts";
import type { MessageKey, Translator } from "../i18n/translate.ts";
import { describeError } from "./errors.ts";

const KEYS: Record<TeamErrorCode, MessageKey> = {
  "name-empty": "teamError.name-empty",
  "name-too-long": "teamError.name-too-long",
  "note-empty": "teamError.note-empty",
  "note-too-long": "teamError.note-too-long",
  "label-empty": "teamError.label-empty",
  "label-too-long": "teamError.label-too-long",
  "label-exists": "teamError.label-exists",
  "snooze-in-past": "teamError.snooze-in-past",
  "canned-invalid": "teamError.canned-invalid",
  "canned-shortcut-taken": "teamError.canned-shortcut-taken",
  "import-invalid": "teamError.import-invalid",
  "signed-out": "teamError.signed-out",
  offline: "teamError.offline",
  refused: "teamError.refused",
};

interface CodedError {
  name: string;
  code: TeamErrorCode;
  params: Record<string, string | number>;
}

function isTeamError(err: unknown): err is CodedError {
  return !!err && typeof err === "object" && (err as CodedError).name === "TeamError";
}

export function describeTeamError(tr: Translator, err: unknown): string {
  if (isTeamError(err) && err.code in KEYS) return tr.t(KEYS[err.code], err.params);
  return describeError(tr, err);
}
