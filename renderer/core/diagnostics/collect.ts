// The builder each recogniser fills while reading: rows, findings by severity, advice (kept once each, the
// "what a wallet does" advice before the "why it usually fails" advice).
import { displayText, MAX_CANDIDATE } from "./text.ts";
import type { Advice, Diagnostic, DiagnosticKind, Finding, Row } from "./types.ts";

type Params = Finding["params"];

export class Collector {
  readonly rows: Row[] = [];
  private readonly findings: Finding[] = [];
  private readonly advice: Advice[] = [];

  problem(code: Finding["code"], params?: Params): void {
    this.finding(code, "problem", params);
  }
  warning(code: Finding["code"], params?: Params): void {
    this.finding(code, "warning", params);
  }
  note(code: Finding["code"], params?: Params): void {
    this.finding(code, "note", params);
  }
  advise(code: Advice["code"], params?: Advice["params"]): void {
    if (this.advice.some((a) => a.code === code)) return;
    this.advice.push(params ? { code, params } : { code });
  }

  has(code: Finding["code"]): boolean {
    return this.findings.some((f) => f.code === code);
  }

  finish(kind: DiagnosticKind, source: string): Diagnostic {
    const order = (a: Advice) => (a.code.includes(".does.") ? 0 : 1);
    const advice = [...this.advice].sort((a, b) => order(a) - order(b));
    return {
      kind,
      source: displayText(source, MAX_CANDIDATE),
      rows: this.rows,
      findings: this.findings,
      advice,
    };
  }

  private finding(code: Finding["code"], severity: Finding["severity"], params?: Params): void {
    if (this.findings.some((f) => f.code === code)) return;
    this.findings.push(params ? { code, severity, params } : { code, severity });
  }
}
