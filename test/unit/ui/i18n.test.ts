// The French catalogue says everything the English one says, with the same placeholders and plural forms,
// and the translator fills, pluralises and formats numbers the way each language reads them.
import { describe, expect, it } from "vitest";
import { en } from "../../../renderer/ui/i18n/en.ts";
import { fr } from "../../../renderer/ui/i18n/fr.ts";
import { createTranslator, placeholders, type Message } from "../../../renderer/ui/i18n/translate.ts";

const shape = (m: Message) => (typeof m === "string" ? "text" : "plural");

describe("catalogues", () => {
  it("English and French have exactly the same keys", () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it("every French message uses the same placeholders and plural shape as its English one", () => {
    const mismatches: string[] = [];
    for (const [key, message] of Object.entries(en) as Array<[keyof typeof en, Message]>) {
      const french = fr[key];
      if (shape(french) !== shape(message)) mismatches.push(`${key}: ${shape(message)} vs ${shape(french)}`);
      if (placeholders(french).join() !== placeholders(message).join()) {
        mismatches.push(`${key}: {${placeholders(message)}} vs {${placeholders(french)}}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("no message is empty, and French repeats English only where the words are the same", () => {
    for (const [key, message] of Object.entries(fr)) {
      const texts = typeof message === "string" ? [message] : [message.one, message.other];
      expect(
        texts.every((text) => text.trim().length > 0),
        key,
      ).toBe(true);
    }
    const identical = Object.keys(en).filter((k) => {
      const key = k as keyof typeof en;
      return JSON.stringify(en[key]) === JSON.stringify(fr[key]);
    });
    expect(identical.sort()).toEqual(
      [
        "broadcast.text", // "Message"
        "conversation.image", // "Image"
        "export.doc.contents", // "Conversations"
        "export.doc.count", // "{count} message(s)"
        "export.doc.image", // "Image"
        "export.doc.support", // "Support"
        "export.format", // "Format"
        "guard.format.wif", // an acronym
        "language.en", // language names are written in their own language
        "language.fr",
        "lightbox.label", // "Image {name}"
        "nav.conversations",
        "preview.image",
        "preview.other",
        "settings.notifications",
        "settings.version", // "Version {version}"
        "switcher.results", // "{count} conversation(s)"
        "time.hours", // "{count} h"
        "time.minutes", // "{count} min"
        "activity.line", // "{what} · {time}"
        "labels.more", // "+{count}"
        "notes.mode", // "Note"
        "metrics.agent", // "Agent"
        "metrics.hoursMinutes", // "{hours} h {minutes} min"
        "metrics.minutes", // "{value} min"
        "metrics.none", // "—"
      ].sort(),
    );
  });
});

describe("translator", () => {
  const enT = createTranslator("en", en);
  const frT = createTranslator("fr", fr);

  it("fills placeholders and formats numbers in the locale's way", () => {
    expect(enT.t("progress.count", { covered: 1240, total: 10000 })).toBe("1,240 of 10,000 conversations");
    expect(frT.t("progress.count", { covered: 1240, total: 10000 })).toBe(
      "1\u202f240 sur 10\u202f000 conversations",
    );
  });

  it("formats every whole number under 1,000 exactly as the locale's NumberFormat does (its fast path)", () => {
    for (const [locale, tr] of [
      ["en", enT],
      ["fr", frT],
    ] as const) {
      const intl = new Intl.NumberFormat(locale);
      for (const n of [0, 1, 7, 42, 999, 1000, 1234, 10_000, 2.5, -3])
        expect(tr.number(n), `${locale} ${n}`).toBe(intl.format(n));
      for (let n = 0; n < 1000; n++) expect(tr.number(n)).toBe(intl.format(n));
    }
  });

  it("picks plural forms by the language's rules (French counts 0 as singular)", () => {
    expect(enT.t("broadcast.members", { count: 1 })).toBe("1 member");
    expect(enT.t("broadcast.members", { count: 0 })).toBe("0 members");
    expect(frT.t("broadcast.members", { count: 0 })).toBe("0 membre");
    expect(frT.t("broadcast.members", { count: 2 })).toBe("2 membres");
  });

  it("leaves an unknown placeholder visible rather than inventing a value", () => {
    expect(enT.t("error.wrong-password")).toBe("Wrong password for {userId}.");
  });
});
