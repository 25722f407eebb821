// Transcript export, as a desk feature: one conversation, or every conversation active in a date range, as an
// inert self-contained HTML page or as JSON, in English or French (the UI supplies the words), with progress and
// cancel for large exports. Other features add timelines to transcripts through `addSource` (the team's notes)
// and name the agent behind a support message through `setAgentNamer`.
import type { Feature } from "../desk/feature.ts";
import type { HistoryEvent } from "../history/reader.ts";
import { Observable, type Readable } from "../observable.ts";
import { isNetworkError } from "../session/errors.ts";
import { renderHtml, renderJson, type TranscriptWords } from "./render.ts";
import {
  gatherConversation,
  type DateRange,
  type TranscriptConversation,
  type TranscriptSource,
} from "./transcript.ts";

export type { TranscriptEntry, TranscriptSource, DateRange } from "./transcript.ts";
export type { TranscriptWords } from "./render.ts";

export interface ExportRequest {
  /** One conversation, or null for every conversation active in the range. */
  roomId: string | null;
  range: DateRange;
  format: "html" | "json";
  words: TranscriptWords;
  includeImages: boolean;
  /** Extra sources to merge (IDs given to `addSource`); all registered ones when omitted. */
  sources?: string[];
}

export interface ExportFile {
  name: string;
  type: string;
  blob: Blob;
  conversations: number;
  messages: number;
}

export type ExportState =
  | { state: "running"; done: number; total: number; messages: number }
  | { state: "done"; file: ExportFile }
  | { state: "cancelled" }
  | { state: "failed"; reason: "connection" | "server"; detail: string };

export interface ExportJob {
  readonly progress: Readable<ExportState>;
  /** Resolves with the file, or null when cancelled or failed (the progress says which). */
  readonly result: Promise<ExportFile | null>;
  cancel(): void;
}

export interface ExportApi {
  start(request: ExportRequest): ExportJob;
  /** The hook for other timelines in transcripts (the team's notes); the returned function removes it. */
  addSource(source: TranscriptSource): () => void;
  /** The hook that names the agent who sent a support message (default: the words' "Support"). */
  setAgentNamer(namer: ((event: HistoryEvent) => string | null) | null): void;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    export: ExportApi;
  }
}

const slug = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();

export const exportFeature: Feature<ExportApi> = {
  start(ctx) {
    const sources = new Map<string, TranscriptSource>();
    let agentNamer: ((event: HistoryEvent) => string | null) | null = null;
    const running = new Set<AbortController>();
    ctx.track(() => running.forEach((c) => c.abort()));

    function start(request: ExportRequest): ExportJob {
      const controller = new AbortController();
      running.add(controller);
      const state = new Observable<ExportState>({ state: "running", done: 0, total: 0, messages: 0 });
      const { range, words } = request;
      const rooms = request.roomId
        ? [request.roomId]
        : ctx.inbox
            .all()
            .filter((row) => range.from === null || row.activityTs >= range.from)
            .map((row) => row.roomId);
      const chosen = [...sources.values()].filter((s) => !request.sources || request.sources.includes(s.id));

      const result = (async (): Promise<ExportFile | null> => {
        const conversations: TranscriptConversation[] = [];
        let messages = 0;
        for (const [i, roomId] of rooms.entries()) {
          state.set({ state: "running", done: i, total: rooms.length, messages });
          const label = ctx.inbox.get(roomId)?.label ?? roomId;
          const conversation = await gatherConversation(roomId, {
            client: ctx.client,
            supportUserId: ctx.userId,
            walletUserId: ctx.inbox.get(roomId)?.walletUserId ?? null,
            label,
            range,
            includeImages: request.includeImages,
            maxImageBytes: ctx.config.maxImageBytes,
            sources: chosen,
            agentName: (event) => agentNamer?.(event) ?? words.support,
            signal: controller.signal,
            onEntries: (count) =>
              state.set({ state: "running", done: i, total: rooms.length, messages: messages + count }),
          });
          messages += conversation.entries.length;
          // "Every conversation in a range" lists those with something in it; one conversation is always shown.
          if (request.roomId || conversation.entries.length > 0) conversations.push(conversation);
        }
        // Cancelled while the last page was on its way: nothing is rendered or saved.
        controller.signal.throwIfAborted();
        const meta = { app: ctx.config.brand.name, exportedAt: ctx.clock.now(), range };
        const parts =
          request.format === "html"
            ? await renderHtml(conversations, meta, words)
            : renderJson(conversations, meta, words.lang);
        const type = request.format === "html" ? "text/html;charset=utf-8" : "application/json";
        const what = request.roomId ? slug(conversations[0]?.label ?? "conversation") : "all";
        const day = new Date(meta.exportedAt).toISOString().slice(0, 10);
        return {
          name: `transcript-${what}-${day}.${request.format}`,
          type,
          blob: new Blob(parts, { type }),
          conversations: conversations.length,
          messages,
        };
      })();

      const settled = result.then(
        (file) => {
          state.set({ state: "done", file: file! });
          return file;
        },
        (err: Error) => {
          if (controller.signal.aborted) state.set({ state: "cancelled" });
          else
            state.set({
              state: "failed",
              reason: isNetworkError(err) ? "connection" : "server",
              detail: err.message,
            });
          return null;
        },
      );
      void settled.finally(() => running.delete(controller));
      return { progress: state, result: settled, cancel: () => controller.abort() };
    }

    return {
      start,
      addSource(source) {
        sources.set(source.id, source);
        return () => sources.delete(source.id);
      },
      setAgentNamer(namer) {
        agentNamer = namer;
      },
    };
  },
};
