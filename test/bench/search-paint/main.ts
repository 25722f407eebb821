// The search paint benchmark's page: generates `?conversations=N` × `?messages=M` support messages (the insight
// benchmark's generator), adds them to the real SearchIndex, waits for its conversation tiers to settle, lists the
// conversations in a real Inbox (the results show their labels), and mounts the search box with the real results
// component. Then it times every keystroke: from the keydown to the first frame painted after the results list
// changed (a MutationObserver, then requestAnimationFrame and a zero timeout: the frame is on screen), as the
// console benchmark's filters.ts does. A keystroke that changes nothing on screen (a space, an extra letter that
// finds the same) is timed to the first frame after Svelte has applied it, and reported apart.
import { mount, tick } from "svelte";
import "../../../renderer/ui/app.css";
import { Inbox } from "../../../renderer/core/inbox/inbox.ts";
import { newRow } from "../../../renderer/core/inbox/row.ts";
import { SearchIndex } from "../../../renderer/core/search/search-index.ts";
import { setLocale } from "../../../renderer/ui/i18n/index.svelte.ts";
import { corpusRoomId, generateMessages } from "../insight-corpus.ts";
import Bench from "./Bench.svelte";

export interface KeystrokeSample {
  key: string;
  /** Keydown to the frame painted after the results changed (or after the keystroke was applied). */
  ms: number;
  /** Whether the results list changed on screen. */
  changed: boolean;
  /** Time spent in `index.search` for this keystroke (0 when the query was too short to search). */
  searchMs: number;
  /** Keydown to the results in the DOM (search and Svelte done; style, layout and paint still to come). */
  domMs: number;
}

export interface PaintBench {
  ready: Promise<{ documents: number; buildMs: number; settleMs: number }>;
  samples: KeystrokeSample[];
  /** Resolves once `count` keystrokes have been timed. */
  until(count: number): Promise<void>;
  /** Empties the search box (not timed) and resolves once that frame is painted. */
  clear(): Promise<void>;
}

const params = new URLSearchParams(location.search);
const conversations = Number(params.get("conversations") ?? 1000);
const perConversation = Number(params.get("messages") ?? 20);
setLocale("en");

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const samples: KeystrokeSample[] = [];
const waiting = new Set<() => void>();
let searchMs = 0;
/** The keystroke being timed: when its key went down, and whether the results changed since. */
let current: { key: string; t0: number; changed: boolean; done: boolean; domMs: number } | null = null;

function record(ms: number, changed: boolean): void {
  if (!current || current.done) return;
  current.done = true;
  samples.push({ key: current.key, ms, changed, searchMs, domMs: current.domMs });
  for (const wake of waiting) wake();
}

async function build() {
  const docs = generateMessages(conversations, perConversation);
  const index = new SearchIndex();
  const t0 = performance.now();
  for (const doc of docs) index.add(doc);
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  await index.settle();
  const settleMs = performance.now() - t1;

  const inbox = new Inbox();
  inbox.load(
    Array.from({ length: conversations }, (_, c) => ({
      ...newRow(corpusRoomId(c), `@wallet-${c}:bench`),
      activityTs: docs[c * perConversation + perConversation - 1]!.ts,
    })),
  );
  mount(Bench, {
    target: document.getElementById("app")!,
    props: { index, inbox, onsearched: (ms: number) => (searchMs = ms) },
  });
  await tick();
  const list = document.querySelector("[data-results]")!;
  new MutationObserver(() => {
    const key = current;
    if (!key || key.done || key.changed) return;
    key.changed = true;
    key.domMs = performance.now() - key.t0;
    requestAnimationFrame(() =>
      setTimeout(() => current === key && record(performance.now() - key.t0, true), 0),
    );
  }).observe(list, { subtree: true, childList: true, characterData: true, attributes: true });

  // Capture phase on the window: the earliest listener of the key event.
  window.addEventListener(
    "keydown",
    (e) => {
      searchMs = 0;
      current = { key: e.key, t0: performance.now(), changed: false, done: false, domMs: Number.NaN };
    },
    { capture: true },
  );
  // After the page's own input handler (Svelte delegates it to the root): once Svelte has applied the keystroke
  // and a frame is painted, a keystroke that changed nothing is done.
  document.addEventListener("input", () => {
    const key = current;
    if (!key) return;
    void tick()
      .then(nextFrame)
      .then(() => current === key && !key.changed && record(performance.now() - key.t0, false));
  });
  return { documents: index.size, buildMs, settleMs };
}

const bench: PaintBench = {
  ready: build(),
  samples,
  until: (count) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (samples.length < count) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
    }),
  async clear() {
    current = null;
    const input = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.value = "";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await tick();
    await nextFrame();
  },
};
(window as unknown as { paintBench: PaintBench }).paintBench = bench;
