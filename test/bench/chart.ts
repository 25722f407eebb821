// The benchmark chart as a hand-written SVG (no charting dependency): horizontal bars, console next to the
// bare SDK, one panel per kind of measure — time to the inbox (log scale: the gap spans three orders of
// magnitude), memory, and live latencies.
import type { SizeSummary } from "./summary.ts";

interface Bar {
  label: string;
  value: number;
  who: "console" | "sdk" | "raw";
  text: string;
}
interface Group {
  title: string;
  bars: Bar[];
}

const COLORS = { console: "#2f6fdf", sdk: "#c8553d", raw: "#8a8f98" };
const WIDTH = 860;
const LABEL_W = 250;
const BAR_H = 16;
const PLOT_W = WIDTH - LABEL_W - 110;

const escape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const n = (v: number) => v.toLocaleString("en-US");

function panel(title: string, groups: Group[], log: boolean, y0: number): { svg: string; height: number } {
  const values = groups.flatMap((g) => g.bars.map((b) => b.value)).filter((v) => Number.isFinite(v) && v > 0);
  const max = Math.max(...values, 1);
  const min = log ? Math.min(...values, max / 10) / 2 : 0;
  const scale = (v: number) => {
    if (!Number.isFinite(v) || v <= 0) return 0;
    return log
      ? (PLOT_W * (Math.log10(v) - Math.log10(min))) / (Math.log10(max) - Math.log10(min))
      : (PLOT_W * v) / max;
  };
  const out: string[] = [
    `<text x="12" y="${y0 + 20}" font-size="15" font-weight="600">${escape(title)}${log ? " (log scale)" : ""}</text>`,
  ];
  let y = y0 + 34;
  for (const group of groups) {
    out.push(
      `<text x="12" y="${y + 12}" font-size="12.5" font-weight="600" fill="#333">${escape(group.title)}</text>`,
    );
    y += 18;
    for (const bar of group.bars) {
      const w = Math.max(1, scale(bar.value));
      out.push(
        `<text x="${LABEL_W - 8}" y="${y + 12}" font-size="12" text-anchor="end" fill="#444">${escape(bar.label)}</text>`,
        `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" rx="2" fill="${COLORS[bar.who]}"/>`,
        `<text x="${(LABEL_W + w + 6).toFixed(1)}" y="${y + 12}" font-size="12" fill="#222">${escape(bar.text)}</text>`,
      );
      y += BAR_H + 4;
    }
    y += 8;
  }
  return { svg: out.join("\n"), height: y - y0 + 6 };
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const msText = (ms: number) => `${ms.toFixed(0)} ms`;

export function chart(summaries: SizeSummary[]): string {
  const timeGroups: Group[] = summaries.map((m) => ({
    title: `${n(m.rooms)} conversations`,
    bars: [
      {
        label: "console: fresh device → 20 rows",
        value: m.fresh.console,
        who: "console",
        text: sec(m.fresh.console),
      },
      {
        label: "console: restart → 20 rows",
        value: m.warm.console,
        who: "console",
        text: sec(m.warm.console),
      },
      {
        label: "console: all conversations listed",
        value: m.complete,
        who: "console",
        text: sec(m.complete),
      },
      {
        label: "bare SDK: sign-in → PREPARED",
        value: m.fresh.baseline,
        who: "sdk",
        text: sec(m.fresh.baseline),
      },
    ],
  }));
  const memoryGroups: Group[] = summaries.map((m) => ({
    title: `${n(m.rooms)} conversations`,
    bars: [
      { label: "console: renderer JS heap", value: m.heap.console, who: "console", text: mb(m.heap.console) },
      { label: "bare SDK: JS heap", value: m.heap.baseline, who: "sdk", text: mb(m.heap.baseline) },
      {
        label: "console: renderer process RSS",
        value: m.rss.console,
        who: "console",
        text: mb(m.rss.console),
      },
      { label: "bare SDK: process RSS", value: m.rss.baseline, who: "sdk", text: mb(m.rss.baseline) },
    ],
  }));
  const latencyGroups: Group[] = summaries
    .filter((m) => m.messages || m.invites || m.broadcasts)
    .map((m) => {
      const bars: Bar[] = [];
      if (m.messages) {
        bars.push({
          label: "message: console",
          value: m.messages.console.p95,
          who: "console",
          text: msText(m.messages.console.p95),
        });
        bars.push({
          label: "message: bare SDK",
          value: m.messages.baseline.p95,
          who: "sdk",
          text: msText(m.messages.baseline.p95),
        });
        bars.push({
          label: "message: raw /sync wake-up",
          value: m.messages.raw.p95,
          who: "raw",
          text: msText(m.messages.raw.p95),
        });
      }
      if (m.invites) {
        bars.push({
          label: "invite → joined: console",
          value: m.invites.console.p95,
          who: "console",
          text: msText(m.invites.console.p95),
        });
        bars.push({
          label: "invite → joined: bare SDK",
          value: m.invites.baseline.p95,
          who: "sdk",
          text: msText(m.invites.baseline.p95),
        });
      }
      if (m.broadcasts) {
        bars.push({
          label: "broadcast: console",
          value: m.broadcasts.console.p95,
          who: "console",
          text: msText(m.broadcasts.console.p95),
        });
        bars.push({
          label: "broadcast: bare SDK",
          value: m.broadcasts.baseline.p95,
          who: "sdk",
          text: msText(m.broadcasts.baseline.p95),
        });
      }
      return { title: `${n(m.rooms)} conversations, p95`, bars };
    });
  const panels = [
    (y: number) => panel("Time to the inbox", timeGroups, true, y),
    (y: number) => panel("Memory after settling", memoryGroups, false, y),
    ...(latencyGroups.length > 0 ? [(y: number) => panel("Live latencies", latencyGroups, false, y)] : []),
  ];
  let y = 36;
  const parts: string[] = [];
  for (const draw of panels) {
    const p = draw(y);
    parts.push(p.svg);
    y += p.height;
  }
  const legend = [
    ["console", "Console (Chromium, sliding sync)"],
    ["sdk", "Bare matrix-js-sdk (Node, classic sync)"],
    ["raw", "Classic /sync: console fallback, raw long-poll"],
  ]
    .map(([who, text], i) => {
      const x = 12 + i * 280;
      return `<rect x="${x}" y="10" width="12" height="12" fill="${COLORS[who as Bar["who"]]}"/><text x="${x + 18}" y="20" font-size="12.5">${text}</text>`;
    })
    .join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y + 10}" viewBox="0 0 ${WIDTH} ${y + 10}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
${legend}
${parts.join("\n")}
</svg>
`;
}
