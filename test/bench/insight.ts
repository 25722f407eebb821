// The search and export benchmark (`npm run bench -- --insight`, or `node test/bench/insight.ts`): the real index
// code (renderer/core/search) over 10,000 conversations × 20 generated support messages in French and English —
// build rate, heap, the sealed save and load, and query latency p50/p95 for the kinds of queries agents type
// (one word, two words, accents left out, a word still being typed); then the real transcript renderer over
// 1,000 conversations (HTML and JSON): time and size. Generated data, not a Synapse fixture: reading history
// from a server is measured by the e2e test on a small real case.
import { transcriptWords } from "../../renderer/ui/export/transcript-words.ts";
import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { SearchDoc } from "../../renderer/core/search/documents.ts";
import { SearchIndex } from "../../renderer/core/search/search-index.ts";
import { deriveSealingKey, seal, unseal } from "../../renderer/core/storage/sealed.ts";
import { renderHtml, renderJson } from "../../renderer/core/export/render.ts";
import type { TranscriptConversation } from "../../renderer/core/export/transcript.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const FR = `bonjour merci portefeuille attestation identité réinitialiser mot passe application téléphone
  sauvegarde clé récupération erreur connexion impossible ouvrir mise jour version compte diplôme permis
  vérifier vérification envoyer reçu problème aide urgent depuis hier matin soir écran bloqué chargement
  crédential émetteur présentation partager refusé accepté code QR scanner caméra notification paramètres
  sécurité biométrie empreinte visage PIN oublié supprimé réinstaller perdu nouveau ancien transfert données`;
const EN = `hello thanks wallet credential identity reset password app phone backup recovery key error login
  cannot open update version account diploma license verify verification send received problem help urgent
  since yesterday morning evening screen stuck loading issuer presentation share refused accepted code scan
  camera notification settings security biometric fingerprint face forgot deleted reinstall lost new old
  transfer data please still waiting answer question issue fixed works again`;
const FILLER =
  "le la les un une de des du et ou mais donc je vous il elle nous the a an of to and is it my your".split(
    " ",
  );
const VOCAB = [...FR.split(/\s+/), ...EN.split(/\s+/)].filter(Boolean);

/** A word by a Zipf-like law: common words often, rare ones seldom, like real support chat. */
function word(): string {
  const i = Math.floor(VOCAB.length * Math.random() ** 2.2);
  return VOCAB[i]!;
}
function sentence(): string {
  const n = 6 + Math.floor(Math.random() * 16);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(Math.random() < 0.35 ? FILLER[i % FILLER.length]! : word());
  if (Math.random() < 0.05) words.push(`ref-${randomBytes(3).toString("hex")}`);
  return `${words.join(" ")}${Math.random() < 0.3 ? " ?" : "."}`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function runInsightBench(
  log: (line: string) => void = console.log,
  { conversations = 10_000, perConversation = 20, exportConversations = 1000 } = {},
): Promise<void> {
  const total = conversations * perConversation;
  log(`Generating ${conversations.toLocaleString("en")} conversations × ${perConversation} messages…`);
  const docs: SearchDoc[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let c = 0; c < conversations; c++) {
    for (let m = 0; m < perConversation; m++) {
      docs.push({
        id: `$ev${c}_${m}`,
        roomId: `!room${c}:bench`,
        ts: start + c * 60_000 + m * 1000,
        from: m % 3 === 2 ? "support" : "wallet",
        kind: m === 7 ? "image" : "text",
        text: m === 7 ? `photo_${c}.jpg` : sentence(),
      });
    }
  }
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

  const key = await deriveSealingKey(randomBytes(32), "search-index");
  const t1 = performance.now();
  const json = index.toJSON();
  const sealed = await seal(key, json);
  const saveMs = performance.now() - t1;
  const t2 = performance.now();
  const reopened = await SearchIndex.fromJSON(await unseal(key, sealed));
  const loadMs = performance.now() - t2;
  if (reopened.size !== index.size) throw new Error("the reloaded index lost documents");

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

  log("");
  log(
    `| search (${conversations.toLocaleString("en")} conversations × ${perConversation} messages) | value |`,
  );
  log("| --- | ---: |");
  log(`| documents indexed | ${index.size.toLocaleString("en")} of ${total.toLocaleString("en")} |`);
  log(`| build | ${ms(buildMs)} (${Math.round(total / (buildMs / 1000)).toLocaleString("en")} messages/s) |`);
  log(`| conversation index catching up after the bulk build (in 8 ms slices) | ${ms(conversationsMs)} |`);
  log(`| heap of the index | ${mb(heap)} |`);
  log(`| sealed save (serialize + AES-GCM) | ${ms(saveMs)}, ${mb(sealed.data.byteLength)} |`);
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

  // Export: the renderer over generated transcripts of the same shape.
  // The words the console itself puts in an English transcript.
  const words = transcriptWords("en");
  const transcripts: TranscriptConversation[] = [];
  for (let c = 0; c < exportConversations; c++) {
    transcripts.push({
      roomId: `!room${c}:bench`,
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
}

if (import.meta.main) await runInsightBench();
