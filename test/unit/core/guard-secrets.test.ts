// The incoming guard on single messages: which phrases and keys it sees, where it says they are, what it
// leaves alone, and that hostile input never makes it throw.
import { generateMnemonic, validateMnemonic } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { wordlist as french } from "@scure/bip39/wordlists/french.js";
import { wordlist as spanish } from "@scure/bip39/wordlists/spanish.js";
import { describe, expect, it } from "vitest";
import { detectSecrets, textOfHtml } from "../../../renderer/core/guard/secrets.ts";
import { isPhraseGap } from "../../../renderer/core/guard/tokens.ts";
import { fold, WORDLISTS } from "../../../renderer/core/guard/wordlists.ts";

describe("word lists", () => {
  it("uses every list @scure/bip39 ships, 2048 words each, and folding accents merges no two words", () => {
    expect(WORDLISTS.map((l) => l.name)).toHaveLength(10);
    for (const { name, words } of WORDLISTS) {
      expect(words, name).toHaveLength(2048);
      expect(new Set(words.map(fold)).size, name).toBe(2048);
    }
  });
});

describe("recovery phrases", () => {
  it("a French 24-word phrase typed without accents, in capitals, numbered over lines", () => {
    const words = generateMnemonic(french, 256).split(" ");
    const text = `Bonjour\n${words.map((w, i) => `${i + 1}. ${fold(w).toUpperCase()}`).join("\n")}\nmerci`;
    const found = detectSecrets(text)!;
    expect(found).toMatchObject({ kind: "mnemonic", language: "french", wordCount: 24, checksumValid: true });
    const [start, end] = found.ranges[0]!;
    expect(text.slice(start, end)).toMatch(/^ABAISSER|^[A-Z]/);
    expect(text.slice(0, start)).toBe("Bonjour\n1. ");
    expect(text.slice(end)).toBe("\nmerci");
  });

  it("a phrase with a wrong word still counts, marked as failing its checksum", () => {
    const words = generateMnemonic(english).split(" ");
    // One word replaced by another list word; 1 in 16 replacements keeps a valid checksum, so pick one that breaks it.
    const original = words[4]!;
    for (const other of english) {
      words[4] = other;
      if (other !== original && !validateMnemonic(words.join(" "), english)) break;
    }
    expect(detectSecrets(words.join(", "))).toMatchObject({ kind: "mnemonic", checksumValid: false });
  });

  it("11 words, words of two lists, and the word list in its own order are not phrases", () => {
    expect(detectSecrets(generateMnemonic(english).split(" ").slice(0, 11).join(" "))).toBeNull();
    const en = generateMnemonic(english).split(" ").slice(0, 6);
    const es = generateMnemonic(spanish).split(" ").slice(0, 6);
    expect(detectSecrets(en.flatMap((w, i) => [w, es[i]]).join(" "))).toBeNull();
    expect(detectSecrets(english.slice(100, 115).join(" "))).toBeNull();
  });

  it("code joins no phrase across dots, calls or underscores", () => {
    const words = generateMnemonic(english).split(" ");
    expect(detectSecrets(words.join("."))).toBeNull();
    expect(detectSecrets(words.join("_"))).toBeNull();
    expect(detectSecrets(`${words.join("(")})`)).toBeNull();
    expect(isPhraseGap("\n 7) ")).toBe(true);
    expect(isPhraseGap("2026")).toBe(false);
  });

  it("a phrase inside HTML (a list) is read through textOfHtml", () => {
    const words = generateMnemonic(english).split(" ");
    const html = `<ol>${words.map((w) => `<li>${w.replace("a", "&#97;")}</li>`).join("")}</ol>`;
    expect(detectSecrets(html)).toBeNull();
    expect(detectSecrets(textOfHtml(html))).toMatchObject({ kind: "mnemonic", wordCount: 12 });
  });
});

describe("private keys", () => {
  it("a 64-hex key is a key; the same shape after 'tx' or in an explorer link is a hash", () => {
    const hex = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    expect(detectSecrets(`my key: ${hex}`)).toMatchObject({ kind: "private-key", format: "hex" });
    expect(detectSecrets(`tx 0x${hex}`)).toBeNull();
    expect(detectSecrets(`https://etherscan.io/tx/0x${hex}`)).toBeNull();
  });

  it("WIF and xprv are confirmed by their checksum; an xpub is public and passes", () => {
    expect(detectSecrets("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ")).toMatchObject({
      format: "wif",
    });
    expect(detectSecrets("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTK")).toBeNull();
    const xprv =
      "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
    const xpub =
      "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8";
    expect(detectSecrets(xprv)).toMatchObject({ kind: "private-key", format: "extended-private" });
    expect(detectSecrets(xpub)).toBeNull();
  });
});

describe("hostile input", () => {
  it("never throws, whatever it is given", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = [
      "abandon ",
      "1. ",
      "\ud800",
      "\udc00",
      "é",
      "0",
      "f",
      "{",
      '"ciphertext":"',
      "[",
      ",",
      " ",
      "\u0301",
    ];
    for (let i = 0; i < 300; i++) {
      let s = "";
      for (let j = 0; j < 200; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      expect(() => detectSecrets(s)).not.toThrow();
    }
    for (const junk of [null, undefined, 42, {}, [], "", "\u0000".repeat(1000)])
      expect(() => detectSecrets(junk)).not.toThrow();
  });

  it("checks at most the first 64 KiB of a message", () => {
    const words = generateMnemonic(english).split(" ");
    expect(detectSecrets(`${" ".repeat(70_000)}${words.join(" ")}`)).toBeNull();
    expect(detectSecrets(`${words.join(" ")}${" ".repeat(70_000)}`)).not.toBeNull();
  });
});
