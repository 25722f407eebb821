// Wallet text made safe to lay out. One base letter followed by tens of thousands of combining marks is a
// single grapheme the browser's text shaper takes seconds to lay out (measured: 12.8 s for one 60 KB message,
// 28× a plain message of the same size; see the complexity benchmark). Unicode's Stream-Safe Text Format
// (UAX #15) bounds such runs at 30 marks; beyond that nothing readable is lost, so the rest is dropped.

/** Longest run of combining marks kept after one base character (UAX #15's stream-safe limit). */
export const MAX_MARK_RUN = 30;

const RUN = new RegExp(`\\p{M}{${MAX_MARK_RUN + 1},}`, "gu");
// In sanitized HTML a run may be cut by tags (`e<b></b>\u0301…`); they stay, the marks beyond the limit go.
const HTML_RUN = new RegExp(`(?:\\p{M}(?:<[^<>]*>)*){${MAX_MARK_RUN + 1},}`, "gu");
const MARK = /\p{M}/u;

function keepFirstMarks(run: string): string {
  let kept = 0;
  let out = "";
  for (const ch of run) {
    if (MARK.test(ch)) {
      if (kept++ < MAX_MARK_RUN) out += ch;
    } else out += ch;
  }
  return out;
}

/** Plain text with every run of combining marks cut to MAX_MARK_RUN. Linear; unchanged for ordinary text. */
export function limitMarkRuns(text: string): string {
  return text.replace(RUN, keepFirstMarks);
}

/** The same for sanitized HTML (tags inside a run are kept; attribute values never contain "<" or ">"). */
export function limitMarkRunsInHtml(html: string): string {
  return html.replace(HTML_RUN, keepFirstMarks);
}
