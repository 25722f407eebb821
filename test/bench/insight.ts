// The search and export benchmark (`npm run bench -- --insight`, or `node test/bench/insight.ts`): the real index
// code (renderer/core/search) over 10,000 conversations × 20 generated support messages in French and English —
// build rate, heap, the sealed save and load, and query latency p50/p95 for the kinds of queries agents type
// (one word, two words, accents left out, a word still being typed); the first result on screen after a
// keystroke in Chromium (search-paint.ts: the real results component, 10,000 beside 1,000 conversations); then
// the real transcript renderer over 1,000 conversations (HTML and JSON): time and size. Generated data, not a
// Synapse fixture: reading history from a server is measured by the e2e test on a small real case.
import { transcriptWords } from "../../renderer/ui/export/transcript-words.ts";
import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { CORPUS_START, corpusRoomId, generateMessages, sentence } from "./insight-corpus.ts";
import { SearchIndex } from "../../renderer/core/search/search-index.ts";
import { deriveSealingKey, seal, unseal } from "../../renderer/core/storage/sealed.ts";
import { renderHtml, renderJson } from "../../renderer/core/export/render.ts";
import type { TranscriptConversation } from "../../renderer/core/export/transcript.ts";
import { measureSearchPaint, paintRows } from "./search-paint.ts";

// The generator, for the benchmarks that index the same kind of data elsewhere (the paint page in Chromium).
export { generateMessages, sentence } from "./insight-corpus.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runInsightBench(
  log: (line: string) => void = console.log,
  {
    conversations = 10_000,
    perConversation = 20,
    exportConversations = 1000,
    /** The CI slice: queries only (no sealed save and load, no Chromium paint, no export). */
    queriesOnly = false,
  } = {},
): Promise<{ queryP95: number; baselineP95: number }> {
  const total = conversations * perConversation;
  log(`Generating ${conversations.toLocaleString("en")} conversations × ${perConversation} messages…`);
  const docs = generateMessages(conversations, perConversation);
  const start = CORPUS_START;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const index = new SearchIndex();
  const t0 = performance.now();
  for (const doc of docs) index.add(doc);
  const buildMs = performance.now() - t0;
  // The conversation index follows in slices off the typing path; its catch-up after a bulk load, timed apart.
  const tc = performance.now();
  await index.settle();
  const conversationsMs = performance.now() - tc;
  docs.length = 0;
  gc();
  const heap = process.memoryUsage().heapUsed - heapBefore;

  let reopened = index;
  let saveMs = Number.NaN;
  let loadMs = Number.NaN;
  let sealedBytes = Number.NaN;
  if (!queriesOnly) {
    const key = await deriveSealingKey(randomBytes(32), "search-index");
    const t1 = performance.now();
    const json = index.toJSON();
    const sealed = await seal(key, json);
    saveMs = performance.now() - t1;
    sealedBytes = sealed.data.byteLength;
    const t2 = performance.now();
    reopened = await SearchIndex.fromJSON(await unseal(key, sealed));
    loadMs = performance.now() - t2;
    if (reopened.size !== index.size) throw new Error("the reloaded index lost documents");
  }

  // What agents type: a common word, a rare one, two words, accents left out, a word being typed letter by letter.
  const queries = [
    "attestation",
    "reinitialiser",
    "réinitialiser mot",
    "portefeuille bloque",
    "password reset",
    "biometric",
    "verification",
    "identite",
    "diplome permis",
    "recuperation cle",
    "notification",
    "urgent",
  ];
  for (const typed of ["reinitialiser", "credential", "telephone"]) {
    for (let i = 2; i <= typed.length; i++) queries.push(typed.slice(0, i));
  }
  // Baseline in the same run: the same queries answered by scoring every matching message (the way search
  // worked before conversations were indexed on their own), interleaved so load affects both alike.
  const times: number[] = [];
  const baseline: number[] = [];
  const slowest: Array<[number, string]> = [];
  let results = 0;
  let matched = 0;
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      const t = performance.now();
      const found = reopened.search(q);
      times.push(performance.now() - t);
      slowest.push([performance.now() - t, q]);
      results += found.groups.length;
      matched += found.conversations;
      const tb = performance.now();
      reopened.searchMessages(q);
      baseline.push(performance.now() - tb);
    }
  }
  const queryP95 = percentile(times, 95);
  const baselineP95 = percentile(baseline, 95);
  if (queriesOnly) {
    log(
      `search, ${conversations.toLocaleString("en")} × ${perConversation}: query p50 / p95 ${ms(percentile(times, 50))} / ${ms(queryP95)}; ` +
        `every matching message scored ${ms(percentile(baseline, 50))} / ${ms(baselineP95)}`,
    );
    return { queryP95, baselineP95 };
  }
  // Keystroke to painted results in Chromium; the yardstick is a tenth of the conversations, in the same run.
  const paint = await measureSearchPaint(log, {
    sizes: [Math.max(1, Math.round(conversations / 10)), conversations],
    perConversation,
  });

  log("");
  log(
    `| search (${conversations.toLocaleString("en")} conversations × ${perConversation} messages) | value |`,
  );
  log("| --- | ---: |");
  log(`| documents indexed | ${index.size.toLocaleString("en")} of ${total.toLocaleString("en")} |`);
  log(`| build | ${ms(buildMs)} (${Math.round(total / (buildMs / 1000)).toLocaleString("en")} messages/s) |`);
  log(`| conversation index catching up after the bulk build (in 8 ms slices) | ${ms(conversationsMs)} |`);
  log(`| heap of the index | ${mb(heap)} |`);
  log(`| sealed save (serialize + AES-GCM) | ${ms(saveMs)}, ${mb(sealedBytes)} |`);
  log(`| load after a restart (unseal + parse) | ${ms(loadMs)} |`);
  log(
    `| query p50 / p95 / max (${times.length} queries) | ${ms(percentile(times, 50))} / ${ms(percentile(times, 95))} / ${ms(Math.max(...times))} |`,
  );
  log(
    `| baseline: every matching message scored, p50 / p95 | ${ms(percentile(baseline, 50))} / ${ms(percentile(baseline, 95))} (p95 ratio ${(percentile(times, 95) / percentile(baseline, 95)).toFixed(2)}×) |`,
  );
  slowest.sort((a, b) => b[0] - a[0]);
  log(
    `| slowest queries | ${slowest
      .slice(0, 4)
      .map(([t, q]) => `"${q}" ${ms(t)}`)
      .join(", ")} |`,
  );
  log(
    `| conversations listed / matched per query (mean) | ${(results / times.length).toFixed(1)} / ${Math.round(matched / times.length).toLocaleString("en")} |`,
  );
  for (const row of paintRows(paint)) log(row);

  // Export: the renderer over generated transcripts of the same shape.
  // The words the console itself puts in an English transcript.
  const words = transcriptWords("en");
  const transcripts: TranscriptConversation[] = [];
  for (let c = 0; c < exportConversations; c++) {
    transcripts.push({
      roomId: corpusRoomId(c),
      label: `Wallet ${c.toString(36)}·x`,
      entries: Array.from({ length: perConversation }, (_, m) => ({
        eventId: `$ev${c}_${m}`,
        ts: start + c * 60_000 + m * 1000,
        sender:
          m % 3 === 2
            ? { role: "support" as const, name: "Support" }
            : { role: "wallet" as const, name: `Wallet ${c}` },
        kind: m === 5 ? ("hidden-secret" as const) : ("text" as const),
        text: m === 5 ? null : sentence(),
        source: "timeline",
      })),
    });
  }
  const meta = {
    app: "Wallet Support Console",
    exportedAt: Date.now(),
    range: { from: start, to: Date.now() },
  };
  const t3 = performance.now();
  const html = new Blob(await renderHtml(transcripts, meta, words));
  const htmlMs = performance.now() - t3;
  const t4 = performance.now();
  const jsonBlob = new Blob(renderJson(transcripts, meta, "en"));
  const jsonMs = performance.now() - t4;
  log("");
  log(
    `| export (${exportConversations.toLocaleString("en")} conversations × ${perConversation} messages, rendering) | time | size |`,
  );
  log("| --- | ---: | ---: |");
  log(`| HTML | ${ms(htmlMs)} | ${mb(html.size)} |`);
  log(`| JSON | ${ms(jsonMs)} | ${mb(jsonBlob.size)} |`);
  return { queryP95, baselineP95 };
}

if (import.meta.main) await runInsightBench();
