// The shared state of every conversation, as it arrives and as agents change it. Room account data comes through
// the desk's tap for every room in the sync lists (not only materialised ones); each room's parts are kept here
// and the wallet's merged state is put on the inbox rows of all its rooms (`ext.team`), where the tabs and the
// sealed snapshot find it. A change is applied here at once, then written to the conversation's newest room; a
// write that fails is undone and reported (nothing is half-saved).
import type { MatrixClient } from "matrix-js-sdk";
import type { Clock } from "../clock.ts";
import type { SyncTaps } from "../desk/taps.ts";
import { primaryRoom } from "../inbox/grouping.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { InboxRow } from "../inbox/row.ts";
import { TeamError, teamErrorFrom } from "../staff/errors.ts";
import {
  CLAIM_DATA,
  LABELS_DATA,
  mergeStates,
  parseClaim,
  parseLabels,
  parseStatus,
  sameState,
  STATUS_DATA,
  type ClaimPart,
  type LabelsPart,
  type StatusPart,
  type TeamState,
} from "./state.ts";

declare module "../inbox/row.ts" {
  interface RowExtensions {
    /** The conversation's shared team state (status, claim, labels), merged over the wallet's rooms. */
    team?: TeamState;
  }
}

type Part = "status" | "claim" | "labels";
const TYPES: Record<Part, string> = { status: STATUS_DATA, claim: CLAIM_DATA, labels: LABELS_DATA };
const PARSERS = { status: parseStatus, claim: parseClaim, labels: parseLabels };

const RETRIES = 3;

export class TeamStateStore {
  private readonly client: MatrixClient;
  private readonly inbox: Inbox;
  private readonly clock: Clock;
  private readonly perRoom = new Map<string, TeamState>();
  private readonly listeners = new Set<(walletUserId: string) => void>();

  constructor(
    deps: { client: MatrixClient; inbox: Inbox; clock: Clock; taps: SyncTaps },
    track: (d: () => void) => void,
  ) {
    this.client = deps.client;
    this.inbox = deps.inbox;
    this.clock = deps.clock;
    track(
      deps.taps.onRoomAccountData((roomId, events) => {
        let changed = false;
        for (const event of events) {
          const part = (Object.keys(TYPES) as Part[]).find((p) => TYPES[p] === event.type);
          if (!part) continue;
          changed = this.setPart(roomId, part, PARSERS[part](event.content)) || changed;
        }
        if (changed) this.applyToRoom(roomId);
      }),
    );
    // A room listed after its account data arrived, or a wallet's new room: give it the conversation's state.
    track(
      deps.inbox.onChange((row, previous) => {
        if (!previous || previous.walletUserId !== row.walletUserId) this.applyToWallet(row.walletUserId);
      }),
    );
  }

  /** Called with a wallet user each time its conversation's state changes (here or from another device). */
  onChange(listener: (walletUserId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A conversation's merged state, by any of its rooms. */
  stateOf(roomId: string): TeamState {
    return this.inbox.conversation(roomId)?.ext?.team ?? {};
  }

  private setPart(roomId: string, part: Part, value: TeamState[Part] | undefined): boolean {
    const current = this.perRoom.get(roomId) ?? {};
    if (current[part] === value) return false;
    const next = { ...current } as Record<Part, unknown>;
    if (value === undefined) delete next[part];
    else next[part] = value;
    this.perRoom.set(roomId, next as TeamState);
    return true;
  }

  private merged(walletUserId: string): TeamState {
    return mergeStates(this.inbox.roomsOf(walletUserId).map((r) => this.perRoom.get(r.roomId) ?? {}));
  }

  private applyToRoom(roomId: string): void {
    const row = this.inbox.get(roomId);
    if (row) this.applyToWallet(row.walletUserId);
  }

  /** Puts the wallet's merged state on each of its rows (only where it changed, so nothing re-renders for nothing). */
  private applyToWallet(walletUserId: string): void {
    const state = this.merged(walletUserId);
    const empty = !state.status && !state.claim && !state.labels;
    let changed = false;
    for (const row of this.inbox.roomsOf(walletUserId)) {
      const current = row.ext?.team;
      if (current === undefined ? empty : sameState(current, state)) continue;
      changed = true;
      this.inbox.update(row.roomId, (r) => withTeam(r, empty ? undefined : state));
    }
    if (changed) for (const listener of this.listeners) listener(walletUserId);
  }

  /**
   * Changes one part of a conversation's state: applied at once, written to the wallet's newest room, undone if
   * the write fails. Resolves with the part as written; rejects with a TeamError.
   */
  async write<P extends Part>(
    roomId: string,
    part: P,
    value: Omit<NonNullable<TeamState[P]>, "updatedAt" | "by">,
    deviceId: string,
  ): Promise<NonNullable<TeamState[P]>> {
    const row = this.inbox.get(roomId);
    if (!row) throw new TeamError("refused", { detail: "unknown conversation" });
    const target = primaryRoom(this.inbox.roomsOf(row.walletUserId)).roomId;
    const written = { ...value, updatedAt: this.clock.now(), by: deviceId } as NonNullable<TeamState[P]>;
    const before = this.perRoom.get(target)?.[part];
    this.setPart(target, part, written);
    this.applyToWallet(row.walletUserId);
    try {
      await this.put(target, TYPES[part], written as unknown as Record<string, unknown>);
      return written;
    } catch (err) {
      // Undo only if nothing newer (another device's write) replaced ours meanwhile.
      if (this.perRoom.get(target)?.[part] === written) {
        this.setPart(target, part, before);
        this.applyToWallet(row.walletUserId);
      }
      throw teamErrorFrom(err);
    }
  }

  /** PUT with a few quick retries on network errors (not on refusals). */
  private async put(roomId: string, type: string, content: Record<string, unknown>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.setRoomAccountData(roomId, type as never, content as never);
        return;
      } catch (err) {
        const status = (err as { httpStatus?: number }).httpStatus;
        if ((status && status < 500 && status !== 429) || attempt >= RETRIES) throw err;
        await this.clock.sleep(500 * 2 ** attempt);
      }
    }
  }
}

function withTeam(row: InboxRow, team: TeamState | undefined): InboxRow {
  const ext = { ...row.ext };
  if (team) ext.team = team;
  else delete ext.team;
  return { ...row, ext };
}

export type { ClaimPart, LabelsPart, StatusPart };
