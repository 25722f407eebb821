// The words for a diagnostic card, in the agent's language: every code the core emits maps to a catalogue key
// by its name, and the template-literal types below make a code without an English (hence French) message a
// compile error. Also the card as plain text, for "Copy as text" into a reply or a note.
import type {
  Advice,
  AdviceCode,
  Diagnostic,
  DiagnosticKind,
  Finding,
  FindingCode,
  Row,
  RowLabel,
  Severity,
  ValueCode,
} from "../../core/diagnostics/index.ts";
import type { MessageKey, Translator } from "../i18n/translate.ts";

// Compile-time checks: each of these unions, prefixed, must be keys of the English catalogue.
type Keys<P extends string, C extends string> = `${P}${C}` extends MessageKey ? `${P}${C}` : never;
const key = {
  card: (kind: DiagnosticKind): Keys<"diag.card.", DiagnosticKind> => `diag.card.${kind}`,
  row: (label: RowLabel): Keys<"diag.row.", RowLabel> => `diag.row.${label}`,
  value: (code: ValueCode): Keys<"diag.value.", ValueCode> => `diag.value.${code}`,
  finding: (code: FindingCode): Keys<"diag.finding.", FindingCode> => `diag.finding.${code}`,
  advice: (code: AdviceCode): Keys<"diag.advice.", AdviceCode> => `diag.advice.${code}`,
  severity: (s: Severity): Keys<"diag.severity.", Severity> => `diag.severity.${s}`,
};

export function cardTitle(tr: Translator, d: Diagnostic): string {
  return tr.t(key.card(d.kind));
}

export function rowLabel(tr: Translator, row: Row): string {
  return tr.t(key.row(row.label));
}

/** A row's value; an instant also says whether it had passed when the message was sent (`sentAt`). */
export function rowValue(tr: Translator, row: Row, sentAt: number): string {
  const v = row.value;
  if ("text" in v) return v.text;
  if ("time" in v) {
    const time = tr.dateTime(v.time);
    return v.time < sentAt
      ? tr.t("diag.value.expiredBefore", { time })
      : tr.t("diag.value.expiresAt", { time });
  }
  return tr.t(key.value(v.code), v.params);
}

export function findingText(tr: Translator, finding: Finding): string {
  return tr.t(key.finding(finding.code), finding.params);
}

export function severityText(tr: Translator, severity: Severity): string {
  return tr.t(key.severity(severity));
}

export function adviceText(tr: Translator, advice: Advice): string {
  return tr.t(key.advice(advice.code), advice.params);
}

export const isDoes = (advice: Advice) => advice.code.includes(".does.");

/** The card as plain text: title, rows, findings, advice. Never the raw content (it may hold a bearer code). */
export function cardText(tr: Translator, d: Diagnostic, sentAt: number): string {
  // "Label: value" in English, "Label : value" in French: the separator is the language's.
  const line = (label: string, value: string) => tr.t("diag.copyLine", { label, value });
  const heading = (title: string) => tr.t("diag.copyHeading", { title });
  const lines = [cardTitle(tr, d)];
  for (const row of d.rows) lines.push(line(rowLabel(tr, row), rowValue(tr, row, sentAt)));
  if (d.findings.length > 0) {
    lines.push("", heading(tr.t("diag.findings")));
    for (const f of d.findings) lines.push(`- ${line(severityText(tr, f.severity), findingText(tr, f))}`);
  }
  const does = d.advice.filter(isDoes).map((a) => `- ${adviceText(tr, a)}`);
  const fails = d.advice.filter((a) => !isDoes(a)).map((a) => `- ${adviceText(tr, a)}`);
  if (does.length > 0) lines.push("", heading(tr.t("diag.does")), ...does);
  if (fails.length > 0) lines.push("", heading(tr.t("diag.fails")), ...fails);
  return lines.join("\n");
}
