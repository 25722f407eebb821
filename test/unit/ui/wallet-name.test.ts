// A wallet's name on screen (ui/lib/wallet-name.ts): the core's keyed label ("Wallet 7f3k-c2xq-9pm") and the
// provisional one ("Wallet 7f3k·c2") are said in the agent's language with the code unchanged, and a narrow row
// may shorten the word, never the code.
import { describe, expect, it } from "vitest";
import { keyedLabel, walletLabel } from "../../../renderer/core/labels.ts";
import { en } from "../../../renderer/ui/i18n/en.ts";
import { fr } from "../../../renderer/ui/i18n/fr.ts";
import { createTranslator } from "../../../renderer/ui/i18n/translate.ts";
import { walletName, walletNameParts } from "../../../renderer/ui/lib/wallet-name.ts";

const EN = createTranslator("en", en);
const FR = createTranslator("fr", fr);
const keyed = keyedLabel(new Uint8Array(32).fill(7), "@did-abc:wallets.example").text;
const provisional = walletLabel("@did-abc:wallets.example");

describe("wallet names", () => {
  it("the labels the core makes have the shapes this module reads", () => {
    expect(keyed).toMatch(/^Wallet [0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{3}$/);
    expect(provisional).toMatch(/^Wallet [0-9a-z]{4}·[0-9a-z]{2}$/);
  });

  it("says a keyed label in the agent's language, the code unchanged", () => {
    const code = keyed.slice("Wallet ".length);
    expect(walletName(keyed, EN)).toBe(keyed);
    expect(walletName(keyed, FR)).toBe(`Portefeuille ${code}`);
    expect(walletName("Wallet 7f3k-c2xq-9pm", FR)).toBe("Portefeuille 7f3k-c2xq-9pm");
  });

  it("says a provisional label the same way (its middle dot kept)", () => {
    expect(walletName("Wallet 7f3k·c2", FR)).toBe("Portefeuille 7f3k·c2");
    expect(walletName(provisional, EN)).toBe(provisional);
  });

  it("leaves anything that is not a core label as it is", () => {
    for (const other of ["Partner team room", "Wallet", "Wallet 7f3k c2", "My Wallet 7f3k-c2xq-9pm"])
      expect(walletName(other, FR)).toBe(other);
  });

  it("splits the name so only the word can give way, never the code", () => {
    expect(walletNameParts("Wallet 7f3k-c2xq-9pm", FR)).toEqual({
      word: "Portefeuille ",
      code: "7f3k-c2xq-9pm",
    });
    expect(walletNameParts("Wallet 7f3k·c2", FR)).toEqual({ word: "Portefeuille ", code: "7f3k·c2" });
    expect(walletNameParts(keyed, EN)).toEqual({ word: "Wallet ", code: keyed.slice("Wallet ".length) });
    expect(walletNameParts("Partner team room", EN)).toEqual({ word: "Partner team room", code: "" });
  });

  it("gives a language that puts the word after the code the whole name as the word", () => {
    const after = createTranslator("en", { ...en, "wallet.name": "{code} wallet" });
    expect(walletNameParts("Wallet 7f3k-c2xq-9pm", after)).toEqual({
      word: "7f3k-c2xq-9pm wallet",
      code: "",
    });
  });
});
