// Replies that have not reached the server yet. Every reply gets a transaction ID when the agent presses Enter
// and keeps it through every retry, restart and reconnect, so the server stores it exactly once. The outbox is
// sealed on disk, drains in order per conversation, waits out network loss with backoff (the reply stays
// "queued", not "failed"), and only a refusal from the server makes a reply "failed" (retry or cancel).
import type { MatrixClient, Room } from "matrix-js-sdk";
import { EventStatus } from "matrix-js-sdk";
import { Observable, type Readable } from "../observable.ts";
import { isNetworkError, isRateLimited, retryAfterMs } from "../session/errors.ts";
import { ConversationError } from "./errors.ts";

export type OutboxState = "queued" | "sending" | "failed";

export interface OutboxItem {
  txnId: string;
  roomId: string;
  /** The event type; a wallet reply when absent (features queue their own, e.g. notes into the staff room). */
  type?: string;
  content: Record<string, unknown>;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  /** Sent without end-to-end encryption, because the agent confirmed it for a wallet that cannot decrypt. */
  unencrypted: boolean;
  /** Why the last attempt failed (English detail); set for "failed" and while waiting for the network. */
  error: string | null;
  /** What kind of failure, for the UI's words: the network, a refusal by the homeserver, or a local problem. */
  errorKind: "connection" | "refused" | "local" | null;
  /** Next attempt time while backing off. */
  retryAt: number | null;
}

export interface OutboxStorage {
  load(): Promise<OutboxItem[]>;
  save(items: OutboxItem[]): Promise<void>;
}

export interface OutboxHooks {
  /** Resolves with the matrix-js-sdk Room once the conversation is materialised (needed to encrypt). */
  room(roomId: string): Promise<Room>;
  /** Resolves true when the room is known to be encrypted (refuse to let the SDK send plaintext otherwise). */
  isEncrypted(roomId: string): Promise<boolean>;
}

const MAX_BACKOFF_MS = 30_000;
const MAX_LOCAL_ATTEMPTS = 5;
const SLOW_SEND_MS = 10_000;

export function newTxnId(): string {
  const random = crypto.getRandomValues(new Uint8Array(12));
  return `wsc${Date.now().toString(36)}${Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export class Outbox {
  private readonly client: MatrixClient;
  private readonly storage: OutboxStorage;
  private readonly hooks: OutboxHooks;
  private readonly state = new Observable<OutboxItem[]>([]);
  private readonly busyRooms = new Set<string>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(client: MatrixClient, storage: OutboxStorage, hooks: OutboxHooks) {
    this.client = client;
    this.storage = storage;
    this.hooks = hooks;
  }

  get items(): Readable<OutboxItem[]> {
    return this.state;
  }

  /** Rooms that have replies waiting: they must stay materialised. */
  rooms(): Set<string> {
    return new Set(this.state.get().map((i) => i.roomId));
  }

  /** Restores what was queued before a restart and starts draining it. */
  async restore(): Promise<void> {
    const items = await this.storage.load();
    // A reply that was "sending" when the app died may or may not have arrived: the same txnId settles it.
    this.state.set(items.map((i) => (i.state === "sending" ? { ...i, state: "queued" as const } : i)));
    for (const roomId of this.rooms()) this.drain(roomId);
  }

  enqueue(
    roomId: string,
    content: Record<string, unknown>,
    unencrypted = false,
    type = "m.room.message",
  ): OutboxItem {
    const item: OutboxItem = {
      txnId: newTxnId(),
      roomId,
      ...(type === "m.room.message" ? {} : { type }),
      content,
      createdAt: Date.now(),
      state: "queued",
      attempts: 0,
      unencrypted,
      error: null,
      errorKind: null,
      retryAt: null,
    };
    this.write([...this.state.get(), item]);
    this.drain(roomId);
    return item;
  }

  retry(txnId: string): void {
    const item = this.state.get().find((i) => i.txnId === txnId);
    if (!item) return;
    this.patch(txnId, { state: "queued", error: null, errorKind: null, retryAt: null });
    this.drain(item.roomId);
  }

  /** Retry everything waiting on the network now (e.g. the connection came back). */
  retryAllNow(): void {
    for (const item of this.state.get()) {
      if (item.state === "queued" && item.retryAt) {
        this.patch(item.txnId, { retryAt: null });
        clearTimeout(this.timers.get(item.roomId));
        this.timers.delete(item.roomId);
        this.drain(item.roomId);
      }
    }
  }

  cancel(txnId: string): void {
    const item = this.state.get().find((i) => i.txnId === txnId);
    if (!item || item.state === "sending") return;
    this.write(this.state.get().filter((i) => i.txnId !== txnId));
  }

  /** Drops every reply of a conversation, whatever its state (the conversation was forgotten). */
  discardRoom(roomId: string): void {
    const timer = this.timers.get(roomId);
    if (timer) clearTimeout(timer);
    this.timers.delete(roomId);
    this.write(this.state.get().filter((i) => i.roomId !== roomId));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
  }

  private write(items: OutboxItem[]): void {
    this.state.set(items);
    void this.storage.save(items);
  }

  private patch(txnId: string, changes: Partial<OutboxItem>): void {
    this.write(this.state.get().map((i) => (i.txnId === txnId ? { ...i, ...changes } : i)));
  }

  /** Sends this room's replies one at a time, oldest first, so they arrive in the order they were written. */
  private drain(roomId: string): void {
    if (this.stopped || this.busyRooms.has(roomId) || this.timers.has(roomId)) return;
    const next = this.state.get().find((i) => i.roomId === roomId && i.state !== "failed");
    if (!next) return;
    const wait = (next.retryAt ?? 0) - Date.now();
    if (wait > 0) {
      this.timers.set(
        roomId,
        setTimeout(() => {
          this.timers.delete(roomId);
          this.drain(roomId);
        }, wait),
      );
      return;
    }
    this.busyRooms.add(roomId);
    void this.attempt(next).finally(() => {
      this.busyRooms.delete(roomId);
      this.drain(roomId);
    });
  }

  private async attempt(item: OutboxItem): Promise<void> {
    this.patch(item.txnId, { state: "sending", attempts: item.attempts + 1 });
    // Encrypting can wait on key requests while the server is away: say so rather than "sending" forever.
    const slow = setTimeout(
      () => this.patch(item.txnId, { error: "Waiting for the connection", errorKind: "connection" }),
      SLOW_SEND_MS,
    );
    try {
      await this.send(item);
      this.write(this.state.get().filter((i) => i.txnId !== item.txnId));
    } catch (err) {
      const status = (err as { httpStatus?: number }).httpStatus;
      if (isRateLimited(err)) {
        this.patch(item.txnId, {
          state: "queued",
          retryAt: Date.now() + retryAfterMs(err),
          error: null,
          errorKind: null,
        });
      } else if (
        isNetworkError(err) ||
        (status && status >= 500) ||
        (!status && item.attempts < MAX_LOCAL_ATTEMPTS)
      ) {
        // No answer, or the server is struggling: keep it queued and try again, backing off. A local error that
        // isn't the network (the conversation still loading, say) gets a few tries before it counts as failed.
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(item.attempts, 5));
        const connection = isNetworkError(err) || !!status;
        const error = connection ? "Waiting for the connection" : (err as Error).message;
        const errorKind = connection ? ("connection" as const) : ("local" as const);
        this.patch(item.txnId, { state: "queued", retryAt: Date.now() + backoff, error, errorKind });
      } else if (!status) {
        this.patch(item.txnId, { state: "failed", error: (err as Error).message, errorKind: "local" });
      } else {
        const reason = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
        this.patch(item.txnId, { state: "failed", error: reason, errorKind: "refused" });
      }
    } finally {
      clearTimeout(slow);
    }
  }

  private async send(item: OutboxItem): Promise<string> {
    const type = item.type ?? "m.room.message";
    const path = `/rooms/${encodeURIComponent(item.roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(item.txnId)}`;
    if (item.unencrypted) {
      // Explicitly confirmed plaintext reply: bypass the SDK, which would (rightly) encrypt it.
      const res = await this.client.http.authedRequest<{ event_id: string }>(
        "PUT" as never,
        path,
        undefined,
        item.content,
      );
      return res.event_id;
    }
    const room = await this.hooks.room(item.roomId);
    if (!(await this.hooks.isEncrypted(item.roomId))) {
      // Never let a wallet reply leave in clear by accident (room state not loaded, or a non-wallet room).
      // Marked as a refusal (400), so the reply shows as failed with retry/cancel instead of retrying forever.
      throw Object.assign(new ConversationError("not-known-encrypted"), {
        httpStatus: 400,
        data: { error: "conversation not encrypted" },
      });
    }
    // The SDK remembers every transaction ID it sent in this Room: a retry must resend that same event (a new
    // send with the ID would be refused). After a restart the Room is new and a plain send with the ID works.
    const previous = room.getEventForTxnId(item.txnId);
    if (previous?.status === EventStatus.NOT_SENT) {
      const res = await this.client.resendEvent(previous, room);
      return res.event_id;
    }
    const res = await this.client.sendEvent(item.roomId, type as never, item.content as never, item.txnId);
    return res.event_id;
  }
}
