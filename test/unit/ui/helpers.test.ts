// Small UI rules: links picked out of plain text (only web links), wallet avatars, image boxes reserved before
// loading, keyboard shortcuts and inbox navigation, and core errors in the agent's language.
import { describe, expect, it } from "vitest";
import { en } from "../../../renderer/ui/i18n/en.ts";
import { fr } from "../../../renderer/ui/i18n/fr.ts";
import { createTranslator } from "../../../renderer/ui/i18n/translate.ts";
import { avatarColour, avatarLetters } from "../../../renderer/ui/lib/avatar.ts";
import { describeError } from "../../../renderer/ui/lib/errors.ts";
import { commandFor, neighbour, nextWaiting } from "../../../renderer/ui/lib/keyboard.ts";
import { linkify } from "../../../renderer/core/links.ts";
import { imageBox, PLACEHOLDER_BOX } from "../../../renderer/ui/lib/media-box.ts";
import { HumanError } from "../../../renderer/core/session/errors.ts";
import { MediaError } from "../../../renderer/core/media/errors.ts";
import { BroadcastError } from "../../../renderer/core/broadcast/errors.ts";

describe("links in plain text", () => {
  it("picks out http(s) and www links, leaving sentence punctuation outside", () => {
    expect(linkify("See https://example.org/a?b=1. Or www.example.com!")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { kind: "text", text: ". Or " },
      { kind: "link", text: "www.example.com", href: "https://www.example.com" },
      { kind: "text", text: "!" },
    ]);
  });

  it("keeps a parenthesis that belongs to the URL", () => {
    expect(linkify("(https://en.wikipedia.org/wiki/Foo_(bar))")).toEqual([
      { kind: "text", text: "(" },
      {
        kind: "link",
        text: "https://en.wikipedia.org/wiki/Foo_(bar)",
        href: "https://en.wikipedia.org/wiki/Foo_(bar)",
      },
      { kind: "text", text: ")" },
    ]);
  });

  it("never links javascript:, data: or credentials-in-URL", () => {
    for (const text of ["javascript:alert(1)", "data:text/html,<b>x</b>", "https://user:pw@example.org/"]) {
      expect(linkify(text).every((s) => s.kind === "text")).toBe(true);
    }
  });
});

describe("avatars and image boxes", () => {
  it("shows two letters of the wallet's code", () => {
    expect(avatarLetters("Wallet 7f3k·c2")).toBe("7F");
    expect(avatarLetters("")).toBe("?");
  });

  it("uses a colour dark enough for white text at every hue", () => {
    expect(avatarColour(400)).toBe("hsl(40 55% 30%)");
    expect(avatarColour(-20)).toBe("hsl(340 55% 30%)");
  });

  it("reserves the sender's proportions, scaled down to fit, or a fixed box when there are none (AltMe)", () => {
    expect(imageBox(1440, 1080)).toEqual({ width: 320, height: 240 });
    expect(imageBox(100, 50)).toEqual({ width: 100, height: 50 });
    expect(imageBox(null, null)).toEqual(PLACEHOLDER_BOX);
    expect(imageBox(10_000, 1)).toEqual({ width: 320, height: 24 });
  });
});

describe("keyboard", () => {
  const key = (
    k: string,
    mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it("maps Ctrl+K (Cmd+K on macOS), Alt+arrows and Alt+Shift+Down", () => {
    expect(commandFor(key("k", { ctrlKey: true }), false)).toBe("switcher");
    expect(commandFor(key("K", { metaKey: true }), true)).toBe("switcher");
    expect(commandFor(key("k", { ctrlKey: true }), true)).toBeNull();
    expect(commandFor(key("ArrowDown", { altKey: true }), false)).toBe("next");
    expect(commandFor(key("ArrowUp", { altKey: true }), false)).toBe("previous");
    expect(commandFor(key("ArrowDown", { altKey: true, shiftKey: true }), false)).toBe("next-waiting");
    expect(commandFor(key("ArrowDown"), false)).toBeNull();
  });

  const rows = [
    { roomId: "a", waitingSince: null },
    { roomId: "b", waitingSince: 5 },
    { roomId: "c", waitingSince: null },
    { roomId: "d", waitingSince: 9 },
  ];

  it("moves to the neighbouring conversation, starting from the top when none is open", () => {
    expect(neighbour(rows, null, 1)).toBe("a");
    expect(neighbour(rows, "b", 1)).toBe("c");
    expect(neighbour(rows, "b", -1)).toBe("a");
    expect(neighbour(rows, "d", 1)).toBeNull();
    expect(neighbour([], null, 1)).toBeNull();
  });

  it("jumps to the next waiting wallet below, wrapping around", () => {
    expect(nextWaiting(rows, "a")).toBe("b");
    expect(nextWaiting(rows, "b")).toBe("d");
    expect(nextWaiting(rows, "d")).toBe("b");
    expect(nextWaiting(rows, null)).toBe("b");
    expect(nextWaiting([{ roomId: "a", waitingSince: null }], "a")).toBeNull();
  });
});

describe("errors in the agent's language", () => {
  const enT = createTranslator("en", en);
  const frT = createTranslator("fr", fr);

  it("translates the core's HumanError by kind, with its parameters", () => {
    const err = new HumanError("wrong-password", { userId: "@support:example.org" });
    expect(describeError(enT, err)).toBe(err.message);
    expect(describeError(frT, err)).toBe("Mot de passe incorrect pour @support:example.org.");
  });

  it("translates media and broadcast errors by reason", () => {
    expect(describeError(frT, new MediaError("too-large", "x"), { imageLimit: "20 MB" })).toBe(
      "Cette image dépasse la limite de 20 MB.",
    );
    expect(describeError(enT, new BroadcastError("encrypted", "x"))).toMatch(
      /^The notification room is encrypted/,
    );
    expect(describeError(frT, new BroadcastError("failed", "Posting failed (M_UNKNOWN): boom"))).toBe(
      "Cela n'a pas fonctionné : Posting failed (M_UNKNOWN): boom",
    );
  });

  it("falls back to the English sentence for errors without a kind", () => {
    expect(describeError(frT, new Error("The conversation did not load"))).toBe(
      "Un problème est survenu : The conversation did not load",
    );
  });
});
