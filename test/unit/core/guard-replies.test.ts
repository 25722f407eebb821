// The reply the guard suggests goes to the wallet in the wallet's language, never asks for a secret itself
// (the outgoing guard lets it through) and tells the user to move their funds to a new wallet.
import { describe, expect, it } from "vitest";
import {
  detectSecretRequest,
  detectSecrets,
  replyLanguage,
  suggestedReply,
} from "../../../renderer/core/guard/index.ts";

describe("suggested replies", () => {
  it.each(["en", "fr"] as const)(
    "in %s: advises a new wallet, asks for nothing, holds nothing",
    (language) => {
      for (const kind of ["mnemonic", "private-key"] as const) {
        const reply = suggestedReply(kind, language);
        expect(reply).toMatch(language === "fr" ? /nouveau portefeuille/ : /new wallet/);
        expect(detectSecretRequest(reply)).toBeNull();
        expect(detectSecrets(reply)).toBeNull();
      }
    },
  );

  it("answers in French when the phrase is French or the wallet writes French, else in English", () => {
    expect(replyLanguage([], "french")).toBe("fr");
    expect(replyLanguage(["Bonjour, je ne trouve plus mon attestation, merci de votre aide"])).toBe("fr");
    expect(replyLanguage(["Hi, I can't find my credential, thanks for your help"], "english")).toBe("en");
    expect(replyLanguage([])).toBe("en");
  });
});
