// Private notes on a conversation: written in the composer's Note mode, end-to-end encrypted in the staff room
// (the homeserver stores ciphertext; wallets are never in that room), shown inline in the conversation's timeline
// with their author and time, and readable on a new agent device once it has the recovery key, like the rest of
// the history. Long notes go out in parts (parts.ts); every part goes through the sealed outbox.
import type { Feature } from "../desk/feature.ts";
import { derived, type Readable } from "../observable.ts";
import { TeamError, teamErrorFrom } from "../staff/errors.ts";
import { MAX_NOTE_CHARS, splitNote } from "./parts.ts";
import { staffTimeline, type StaffItem } from "./timeline.ts";

export interface NotesApi {
  /** A conversation's notes and activity lines, oldest first (`walletUserId`: whose conversation). */
  timeline(walletUserId: string): Readable<StaffItem[]>;
  /** Writes a note; rejects with a TeamError (empty, too long, offline) and then nothing was queued. */
  send(walletUserId: string, text: string): Promise<void>;
  /** Retries a note's parts that failed, or drops those not sent. */
  retry(txnIds: readonly string[]): void;
  cancel(txnIds: readonly string[]): void;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    notes: NotesApi;
  }
}

function noteId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

export const notesFeature: Feature<NotesApi> = {
  start(ctx) {
    const staff = ctx.use("staff");
    const timelines = new Map<string, Readable<StaffItem[]>>();
    return {
      timeline(walletUserId) {
        let timeline = timelines.get(walletUserId);
        if (!timeline) {
          const records = staff.index.records(walletUserId);
          timeline = derived([records, staff.pending], () =>
            staffTimeline(records.get(), staff.pending.get(), walletUserId),
          );
          timelines.set(walletUserId, timeline);
        }
        return timeline;
      },
      async send(walletUserId, text) {
        const body = text.trim();
        if (!body) throw new TeamError("note-empty");
        const length = [...body].length;
        if (length > MAX_NOTE_CHARS) throw new TeamError("note-too-long", { max: MAX_NOTE_CHARS, length });
        const parts = splitNote(body);
        const note = noteId();
        // The room first (it may need creating), so either every part is queued or none is.
        await staff.room().catch((err: unknown) => Promise.reject(teamErrorFrom(err)));
        for (const [part, chunk] of parts.entries()) {
          await staff.post("note", walletUserId, {
            body: chunk,
            note,
            ...(parts.length > 1 ? { part, parts: parts.length } : {}),
          });
        }
      },
      retry(txnIds) {
        for (const txnId of txnIds) ctx.outbox.retry(txnId);
      },
      cancel(txnIds) {
        for (const txnId of txnIds) ctx.outbox.cancel(txnId);
      },
    };
  },
};
