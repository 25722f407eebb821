// The guard's precision and recall on its labelled corpus (test/fixtures/guard/), printed as a table by every
// run, with the targets asserted: every real phrase and key caught, at most 1 % false positives on the near
// misses; the same for drafts that ask for a secret versus drafts that advise.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectSecrets } from "../../../renderer/core/guard/secrets.ts";
import { detectSecretRequest } from "../../../renderer/core/guard/request.ts";
import {
  buildIncomingCorpus,
  INCOMING_FILE,
  type IncomingCase,
} from "../../fixtures/guard/generate-incoming.ts";
import {
  ADVISING_EN,
  ADVISING_FR,
  ASKING_EN,
  ASKING_FR,
  HELD_OUT_ADVISING,
  HELD_OUT_ASKING,
} from "../../fixtures/guard/outgoing.ts";

interface Row {
  group: string;
  cases: number;
  flagged: number;
  positive: boolean;
}

function table(title: string, rows: Row[]): string {
  const lines = [title, "| group | cases | flagged | rate |", "| --- | ---: | ---: | ---: |"];
  for (const r of rows) {
    const rate = `${((100 * r.flagged) / r.cases).toFixed(1)} % ${r.positive ? "recall" : "false positives"}`;
    lines.push(`| ${r.group} | ${r.cases} | ${r.flagged} | ${rate} |`);
  }
  const pos = rows.filter((r) => r.positive);
  const neg = rows.filter((r) => !r.positive);
  const tp = pos.reduce((n, r) => n + r.flagged, 0);
  const fp = neg.reduce((n, r) => n + r.flagged, 0);
  const p = pos.reduce((n, r) => n + r.cases, 0);
  lines.push(
    `precision ${((100 * tp) / Math.max(1, tp + fp)).toFixed(2)} %, recall ${((100 * tp) / p).toFixed(2)} % ` +
      `(${tp}/${p}), false positives ${fp}/${neg.reduce((n, r) => n + r.cases, 0)}`,
  );
  return lines.join("\n");
}

function rowsOf(groups: Map<string, Row>): Row[] {
  return [...groups.values()].sort(
    (a, b) => Number(b.positive) - Number(a.positive) || a.group.localeCompare(b.group),
  );
}

describe("incoming guard on the labelled corpus", () => {
  const corpus = JSON.parse(readFileSync(INCOMING_FILE, "utf8")) as IncomingCase[];

  it("the corpus file is what the generator makes (regenerate with node test/fixtures/guard/generate-incoming.ts)", () => {
    expect(corpus).toEqual(buildIncomingCorpus());
  });

  it("catches every real phrase and key, with at most 1 % false positives on near misses", () => {
    const groups = new Map<string, Row>();
    const missed: string[] = [];
    const wrong: string[] = [];
    for (const c of corpus) {
      const found = detectSecrets(c.text);
      const row = groups.get(c.group) ?? {
        group: c.group,
        cases: 0,
        flagged: 0,
        positive: c.expected !== null,
      };
      row.cases++;
      if (found) row.flagged++;
      groups.set(c.group, row);
      if (c.expected && !found) missed.push(c.id);
      if (c.expected && found && found.kind !== c.expected) wrong.push(`${c.id}: ${found.kind}`);
      if (!c.expected && found) wrong.push(`${c.id}: flagged as ${found.kind}`);
    }
    const rows = rowsOf(groups);
    const nearMisses = rows.filter((r) => !r.positive);
    console.log(table("Incoming guard (detectSecrets)", rows));
    expect(missed).toEqual([]);
    const fp = nearMisses.reduce((n, r) => n + r.flagged, 0);
    const total = nearMisses.reduce((n, r) => n + r.cases, 0);
    expect(total).toBeGreaterThan(300);
    expect(fp / total, wrong.join("\n")).toBeLessThanOrEqual(0.01);
    expect(
      wrong.filter((w) => !w.startsWith("near/")),
      "kinds",
    ).toEqual([]);
  });
});

describe("outgoing guard on the labelled drafts", () => {
  const run = (sets: Array<[string, string[], boolean]>) => {
    const rows: Row[] = [];
    const errors: string[] = [];
    for (const [group, drafts, positive] of sets) {
      const flagged = drafts.filter((d) => detectSecretRequest(d) !== null);
      rows.push({ group, cases: drafts.length, flagged: flagged.length, positive });
      for (const d of drafts) if ((detectSecretRequest(d) !== null) !== positive) errors.push(d);
    }
    return { rows, errors };
  };

  it("holds every draft that asks for a secret and at most 1 % of those that advise", () => {
    const { rows, errors } = run([
      ["asking, English", ASKING_EN, true],
      ["asking, French", ASKING_FR, true],
      ["advising or ordinary, English", ADVISING_EN, false],
      ["advising or ordinary, French", ADVISING_FR, false],
    ]);
    console.log(table("Outgoing guard (detectSecretRequest)", rows));
    const asking = rows.filter((r) => r.positive);
    expect(
      asking.every((r) => r.flagged === r.cases),
      errors.join("\n"),
    ).toBe(true);
    const advising = rows.filter((r) => !r.positive);
    const fp = advising.reduce((n, r) => n + r.flagged, 0) / advising.reduce((n, r) => n + r.cases, 0);
    expect(fp, errors.join("\n")).toBeLessThanOrEqual(0.01);
  });

  it("reports the held-out drafts (written after tuning) with the same targets", () => {
    const { rows, errors } = run([
      ["held out: asking", HELD_OUT_ASKING, true],
      ["held out: advising", HELD_OUT_ADVISING, false],
    ]);
    console.log(table("Outgoing guard, held-out drafts", rows));
    expect(errors).toEqual([]);
  });
});
