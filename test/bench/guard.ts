// How fast the seed-phrase guard checks a message, as a multiple of one plain pass over the same text (split
// into words) in the same run, so machines of any speed compare: ordinary messages, and hostile 64 KiB ones
// (all word-list words, hex, base58, digits). Run: node test/bench/guard.ts
import { generateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { detectSecrets, prepareGuard } from "../../renderer/core/guard/index.ts";
import { detectSecretRequest } from "../../renderer/core/guard/request.ts";

const KIB64 = 64 * 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(KIB64 / unit.length)).slice(0, KIB64);
const cases: Record<string, string> = {
  "typical message (120 chars)":
    "Bonjour, je n'arrive plus à ouvrir mon portefeuille depuis la mise à jour, pouvez-vous m'aider ?",
  "message with a 24-word phrase": `help! ${generateMnemonic(wordlist, 256)} thanks`,
  "64 KiB prose": fill("Hello, I cannot open my wallet since the last update. Can you help? "),
  "64 KiB word-list words": fill("abandon ability able about above absent "),
  "64 KiB of 12-word phrases": fill(`${generateMnemonic(wordlist)}. `),
  "64 KiB hex": fill("deadbeef0123456789"),
  "64 KiB base58": fill("5Kb8kLf9zgWQnogidDA76MzPL6TsZZY36hWXMssSzNydYXYB9KF"),
  "64 KiB digits": fill("1234567890"),
};

function time(fn: () => unknown, minMs = 200): number {
  for (let i = 0; i < 3; i++) fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

const t0 = performance.now();
prepareGuard();
console.log(`word-list lookups built in ${(performance.now() - t0).toFixed(0)} ms (once per session)`);
console.log("| input | guard ms | baseline ms | ratio |\n| --- | ---: | ---: | ---: |");
for (const [name, text] of Object.entries(cases)) {
  const guard = time(() => detectSecrets(text));
  const baseline = time(() => text.toLowerCase().split(/\s+/).length);
  console.log(
    `| ${name} | ${guard.toFixed(3)} | ${baseline.toFixed(3)} | ×${(guard / baseline).toFixed(0)} |`,
  );
}
const draft = fill("Please never share your recovery phrase with anyone, we will never ask for it. ");
const req = time(() => detectSecretRequest(draft));
const base = time(() => draft.toLowerCase().split(/\s+/).length);
console.log(
  `| 64 KiB draft (outgoing) | ${req.toFixed(3)} | ${base.toFixed(3)} | ×${(req / base).toFixed(0)} |`,
);
