// The words of a transcript file in the language chosen for it (not necessarily the agent's), from the catalogues.
import type { TranscriptWords } from "../../core/export/feature.ts";
import { translatorFor } from "../i18n/catalogues.ts";
import type { Locale } from "../i18n/translate.ts";

export function transcriptWords(locale: Locale): TranscriptWords {
  const tr = translatorFor(locale);
  return {
    lang: locale,
    title: tr.t("export.doc.title"),
    conversation: (label) => tr.t("export.doc.conversation", { label }),
    exported: (date, app) => tr.t("export.doc.exported", { date, app }),
    range: (from, to) => tr.t("export.doc.range", { from, to }),
    allTime: tr.t("export.doc.allTime"),
    count: (count) => tr.t("export.doc.count", { count }),
    support: tr.t("export.doc.support"),
    other: (sender) => tr.t("conversation.fromOther", { sender }),
    hiddenSecret: tr.t("export.doc.hiddenSecret"),
    undecryptable: tr.t("export.doc.undecryptable"),
    image: tr.t("export.doc.image"),
    imageMissing: tr.t("export.doc.imageMissing"),
    file: tr.t("export.doc.file"),
    note: tr.t("export.doc.note"),
    empty: tr.t("export.doc.empty"),
    contents: tr.t("export.doc.contents"),
    dateTime: (ts) => tr.dateTime(ts),
    date: (ts) => tr.date(ts, 0),
  };
}
