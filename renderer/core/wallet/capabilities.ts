// Whether each wallet can read encrypted replies, known for the whole inbox before any conversation is opened:
// the wallets' device lists are asked for in batches (one /keys/query for up to BATCH wallets, so 10,000
// conversations take ten requests), and what the team recorded (record.ts) fills the rows in at once on a new
// device. A record is written when a person acts on a wallet — opens its conversation, whose own check is
// authoritative, or confirms unencrypted replies — not for every wallet the bulk check passes over: that check
// runs again at each sign-in in a few requests, while writing 10,000 records would cost 10,000.
import { Method, type MatrixClient } from "matrix-js-sdk";
import { systemClock, type Cancel, type Clock } from "../clock.ts";
import type { DataEvent } from "../desk/taps.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { InboxRow } from "../inbox/row.ts";
import {
  EMPTY_RECORD,
  parseWalletRecord,
  saveWalletRecord,
  WALLET_RECORD_TYPE,
  type WalletRecord,
} from "./record.ts";

/** Wallets per /keys/query request. */
export const BATCH = 1000;

export interface WalletCapabilitiesOptions {
  clock?: Clock;
  batch?: number;
}

export class WalletCapabilities {
  private readonly client: MatrixClient;
  private readonly inbox: Inbox;
  private readonly clock: Clock;
  private readonly batch: number;
  /** What the team's records say, by room (from sync). */
  private readonly stored = new Map<string, WalletRecord>();
  /** Wallets asked about (or being asked about) in this session. */
  private readonly asked = new Set<string>();
  private readonly queue = new Set<string>();
  private flushing = false;
  private scheduled: Cancel | null = null;
  /** Set while this module updates rows itself, so its own changes aren't taken for a conversation's check. */
  private applying = false;
  private readonly unsubscribe: () => void;
  private requests = 0;

  constructor(client: MatrixClient, inbox: Inbox, options: WalletCapabilitiesOptions = {}) {
    this.client = client;
    this.inbox = inbox;
    this.clock = options.clock ?? systemClock;
    this.batch = options.batch ?? BATCH;
    this.unsubscribe = inbox.onChange((row, previous) => this.onRowChange(row, previous));
  }

  /** How many /keys/query requests the bulk check has made (for tests and benchmarks). */
  get queries(): number {
    return this.requests;
  }

  /** Room account data sync delivered for one room (the desk's tap): the team's record of its wallet. */
  roomAccountData(roomId: string, events: readonly DataEvent[]): void {
    for (const event of events) {
      if (event.type !== WALLET_RECORD_TYPE) continue;
      this.stored.set(roomId, parseWalletRecord(event.content));
      this.applyStored(roomId);
    }
  }

  /** A row was added or updated by sync: fill in what the team knows, and make sure its wallet gets asked. */
  consider(roomId: string): void {
    const row = this.inbox.get(roomId);
    if (!row) return;
    this.applyStored(roomId);
    if (this.asked.has(row.walletUserId)) return;
    this.asked.add(row.walletUserId);
    this.queue.add(row.walletUserId);
    this.schedule();
  }

  stop(): void {
    this.unsubscribe();
    this.scheduled?.();
    this.scheduled = null;
    this.queue.clear();
  }

  private update(roomId: string, fn: (row: InboxRow) => InboxRow): void {
    this.applying = true;
    try {
      this.inbox.update(roomId, fn);
    } finally {
      this.applying = false;
    }
  }

  private applyStored(roomId: string): void {
    const record = this.stored.get(roomId);
    if (!record) return;
    this.update(roomId, (row) => {
      // A check made in this session is fresher than the record; the decision is the team's.
      const cannotReadEncrypted =
        row.cannotReadEncrypted ?? (record.canDecrypt === null ? null : !record.canDecrypt);
      const confirmed = record.unencryptedReplies;
      if (
        cannotReadEncrypted === row.cannotReadEncrypted &&
        (row.unencryptedRepliesConfirmed ?? false) === confirmed
      )
        return row;
      return { ...row, cannotReadEncrypted, unencryptedRepliesConfirmed: confirmed };
    });
  }

  /** Gathers the wallets of one sync response (its rooms arrive one after another) into one request. */
  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = this.clock.setTimeout(() => {
      this.scheduled = null;
      void this.flush();
    }, 0);
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.size > 0 && this.client.clientRunning !== false) {
        const users = [...this.queue].slice(0, this.batch);
        for (const u of users) this.queue.delete(u);
        await this.ask(users).catch((err: Error) => {
          // Offline or refused: ask again with the next rows sync brings.
          for (const u of users) this.asked.delete(u);
          console.warn(`[wallets] device lists not available: ${err.message}`);
        });
      }
    } finally {
      this.flushing = false;
    }
  }

  private async ask(users: string[]): Promise<void> {
    this.requests++;
    const res = await this.client.http.authedRequest<{
      device_keys?: Record<string, Record<string, unknown>>;
    }>(Method.Post, "/keys/query", undefined, {
      device_keys: Object.fromEntries(users.map((u) => [u, []])),
      timeout: 10_000,
    });
    const answered = new Map<string, boolean>();
    for (const user of users) {
      const devices = res.device_keys?.[user];
      // No entry: the wallet's server didn't answer (federation); leave the wallet unknown.
      if (devices && typeof devices === "object") answered.set(user, Object.keys(devices).length > 0);
    }
    for (const row of this.inbox.all()) {
      const canDecrypt = answered.get(row.walletUserId);
      if (canDecrypt === undefined || row.cannotReadEncrypted === !canDecrypt) continue;
      this.update(row.roomId, (r) => ({ ...r, cannotReadEncrypted: !canDecrypt }));
    }
  }

  /**
   * A conversation checked its wallet (the authoritative check, as the agent opened it): keep the result for the
   * team when it differs from the record.
   */
  private onRowChange(row: InboxRow, previous: InboxRow | undefined): void {
    if (this.applying || !previous || row.cannotReadEncrypted === previous.cannotReadEncrypted) return;
    if (row.cannotReadEncrypted === null) return;
    if (this.client.clientRunning === false) {
      this.stop(); // the session ended; its inbox outlives it
      return;
    }
    const record = this.stored.get(row.roomId) ?? EMPTY_RECORD;
    const canDecrypt = !row.cannotReadEncrypted;
    if (record.canDecrypt === canDecrypt) return;
    const next: WalletRecord = { ...record, canDecrypt, checkedAt: this.clock.now() };
    this.stored.set(row.roomId, next);
    saveWalletRecord(this.client, row.roomId, next).catch((err: Error) =>
      console.warn(`[wallets] could not record ${row.roomId}: ${err.message}`),
    );
  }
}
