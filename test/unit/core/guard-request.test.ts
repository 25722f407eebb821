// The outgoing guard on single drafts: asks are held however they are phrased, advice goes out.
import { describe, expect, it } from "vitest";
import { detectSecretRequest, normalizeDraft } from "../../../renderer/core/guard/request.ts";

describe("drafts that ask for a secret", () => {
  it.each([
    ["envoyez-moi vos 12 mots", "recovery-phrase", "fr"],
    ["What's your seed phrase?", "recovery-phrase", "en"],
    ["send me your private key", "private-key", "en"],
    ["donnez votre code PIN", "pin", "fr"],
    ["Vos 12 mots, envoyez-les moi s'il vous plaît.", "recovery-phrase", "fr"],
  ] as const)("%s", (draft, secret, language) => {
    expect(detectSecretRequest(draft)).toMatchObject({ secret, language });
  });

  it("a pronoun in the next sentence still asks, and the range is that sentence", () => {
    const draft = "Do you still have your 12 words? Send them to me.";
    const found = detectSecretRequest(draft)!;
    expect(draft.slice(...found.range).trim()).toBe("Send them to me.");
  });

  it("a link is a destination even where the sentence also warns about scams", () => {
    expect(detectSecretRequest("To avoid scams, confirm your seed phrase at wallet-check.io")).not.toBeNull();
  });
});

describe("drafts that advise", () => {
  it.each([
    "Never share your recovery phrase with anyone.",
    "We will never ask you to send us your seed phrase.",
    "Ne la donnez à personne.",
    "If anyone asks for your seed phrase, it's a scam.",
    "Have you shared your recovery phrase with anyone?",
    "Open AltMe, tap Import and type your 12 words to restore your wallet.",
    "Enter your PIN to unlock the app.",
  ])("%s", (draft) => {
    expect(detectSecretRequest(draft)).toBeNull();
  });

  it("normalises accents, elisions, contractions and spelled numbers", () => {
    expect(normalizeDraft("N'envoyez jamais vos vingt-quatre mots")).toBe(" ne envoyez jamais vos 24 mots ");
    expect(normalizeDraft("Don't send what's asked")).toBe(" do not send what is asked ");
  });
});
