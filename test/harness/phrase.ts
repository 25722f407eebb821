import { entropyToMnemonic } from "@scure/bip39";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { en } from "../../renderer/ui/i18n/en.ts";
import { fr } from "../../renderer/ui/i18n/fr.ts";

/**
 * A random 24-word recovery phrase none of whose words the console or the calling test writes itself. The French
 * list holds "phrase", "capture", "message"…: a row or an export saying "recovery phrase" must not read as the
 * secret leaking, and a leak check must not pass or fail by the draw.
 */
export function phraseOfUnusedWords(
  wordlist: string[],
  testFile: string,
): { phrase: string; words: string[] } {
  const own = new Set(
    [...Object.values(en), ...Object.values(fr), readFileSync(testFile, "utf8")]
      .join(" ")
      .normalize("NFC")
      .toLowerCase()
      .split(/[^\p{L}]+/u),
  );
  const ownText = [...own].join(" ");
  for (;;) {
    const phrase = entropyToMnemonic(randomBytes(32), wordlist).normalize("NFC");
    const words = phrase.split(" ");
    // Whole words and substrings both: some checks look for a word inside a row's text.
    if (!words.some((w) => own.has(w) || ownText.includes(w))) return { phrase, words };
  }
}
