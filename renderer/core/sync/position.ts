// Where the sliding-sync connection stood when the inbox was last saved — the server's `pos`, how far the inbox
// list reached, the to-device stream's `since` — so the next start asks the server only for what changed
// instead of walking every room again (Synapse keeps a connection's state in its database for days). A resumed
// connection sends only account data that changed since `pos`, so the account's global account data (secret
// storage, cross-signing, the team's settings…) travels with the position and is put back into the fresh
// client's store before the connection resumes — without it the restarted console would think recovery was
// never set up. Saved in the
// same sealed record as the inbox rows (inbox/snapshot.ts), never apart: rows older than the position they are
// saved with would miss what happened in between.
import { LISTS_FINGERPRINT } from "./lists.ts";

export interface SyncPosition {
  /** The server's position after the last response the inbox rows include. */
  pos: string;
  /** The inbox list's window end when `pos` was issued (rooms beyond it were never sent), and the room count. */
  covered: number;
  total: number;
  /** The to-device stream's next batch, acknowledged by the next request. */
  toDeviceSince: string | null;
  /** The lists the connection was opened with (see lists.ts): another shape is not resumed. */
  lists: string;
  /** The account's global account data as the client held it at `pos` (the server won't send it again). */
  accountData: GlobalAccountData[];
}

export interface GlobalAccountData {
  type: string;
  content: Record<string, unknown>;
}

/** A saved position read back defensively: anything odd means "walk every room", never a crash. */
export function parsePosition(raw: unknown): SyncPosition | null {
  if (!raw || typeof raw !== "object") return null;
  const p = raw as Record<string, unknown>;
  if (typeof p.pos !== "string" || !p.pos) return null;
  if (p.lists !== LISTS_FINGERPRINT) return null;
  const whole = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : null);
  const covered = whole(p.covered);
  const total = whole(p.total);
  if (covered === null || total === null) return null;
  // A position saved without the account data it implies (an older version) would leave the client without it.
  if (!Array.isArray(p.accountData)) return null;
  const accountData = p.accountData.filter(
    (e): e is GlobalAccountData =>
      !!e &&
      typeof e === "object" &&
      typeof (e as GlobalAccountData).type === "string" &&
      !!(e as GlobalAccountData).content &&
      typeof (e as GlobalAccountData).content === "object",
  );
  return {
    pos: p.pos,
    covered,
    total,
    toDeviceSince: typeof p.toDeviceSince === "string" ? p.toDeviceSince : null,
    lists: p.lists,
    accountData,
  };
}
