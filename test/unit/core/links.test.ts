// Web links in wallet text (issue 15 §2): found in one linear pass, capped in length, never hiding invisible
// formatting, and the algorithmic-complexity corpus rendered to exactly what it should be. The corpus runs here
// under Vitest's normal time-out, which the old quadratic trim blew through on the first payload.
import { describe, expect, it } from "vitest";
import {
  MAX_LINKS,
  MAX_URL_LENGTH,
  decideLink,
  linkify,
  safeMailto,
  type TextSegment,
} from "../../../renderer/core/links.ts";
import { plainTextToSafeHtml, sanitizeMessageHtml } from "../../../renderer/core/sanitize.ts";
import { MAX_MARK_RUN, limitMarkRuns, limitMarkRunsInHtml } from "../../../renderer/core/display-text.ts";
import { BODY_BYTES, complexityPayloads, plainOfSameSize } from "../../fixtures/complexity.ts";

const links = (segments: TextSegment[]) => segments.filter((s) => s.kind === "link");
const joined = (segments: TextSegment[]) => segments.map((s) => s.text).join("");
const CORPUS = complexityPayloads();
const payload = (name: string) => CORPUS.find((p) => p.name === name)!;
// Bidi embeddings, overrides and isolates, and the zero-width characters.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

describe("links in wallet text", () => {
  it("picks out http(s) and www links, leaving sentence punctuation outside", () => {
    expect(linkify("See https://example.org/a?b=1. Or WWW.example.com! (http://x.example/a_(b))")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { kind: "text", text: ". Or " },
      { kind: "link", text: "WWW.example.com", href: "https://WWW.example.com" },
      { kind: "text", text: "! (" },
      { kind: "link", text: "http://x.example/a_(b)", href: "http://x.example/a_(b)" },
      { kind: "text", text: ")" },
    ]);
  });

  it("only starts a link at a word boundary and never on a bare scheme", () => {
    expect(links(linkify("xhttps://a.example nowww.b.example http:// https://."))).toEqual([]);
  });

  it("ends a link at bidi controls and zero-width characters, so the shown text is where it goes", () => {
    expect(linkify("\u202Ehttps://evil.example/\u2066gro.knab\u202C")).toEqual([
      { kind: "text", text: "\u202E" },
      { kind: "link", text: "https://evil.example/", href: "https://evil.example/" },
      { kind: "text", text: "\u2066gro.knab\u202C" },
    ]);
    expect(links(linkify("https://a.example/\u200Bpath"))).toEqual([
      { kind: "link", text: "https://a.example/", href: "https://a.example/" },
    ]);
  });

  it("keeps only the balanced closing brackets of a URL followed by 2,000 more", () => {
    const text = `see https://en.wikipedia.org/wiki/A_(b)${")".repeat(2000)}`;
    expect(linkify(text)).toEqual([
      { kind: "text", text: "see " },
      {
        kind: "link",
        text: "https://en.wikipedia.org/wiki/A_(b)",
        href: "https://en.wikipedia.org/wiki/A_(b)",
      },
      { kind: "text", text: ")".repeat(2000) },
    ]);
  });

  it(`leaves a run longer than ${MAX_URL_LENGTH} characters as text`, () => {
    const long = `https://a.example/${"x".repeat(MAX_URL_LENGTH)}`;
    expect(linkify(`go ${long} now`)).toEqual([{ kind: "text", text: `go ${long} now` }]);
    const fits = `https://a.example/${"x".repeat(MAX_URL_LENGTH - 18)}`;
    expect(links(linkify(fits))).toEqual([{ kind: "link", text: fits, href: fits }]);
  });
});

describe("the algorithmic-complexity corpus", () => {
  it("fills one event each, with a plain message of the same size beside it", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(15);
    for (const p of CORPUS) {
      const size = Buffer.byteLength(p.html ?? p.body);
      expect(size, p.name).toBeLessThanOrEqual(BODY_BYTES);
      expect(size, p.name).toBeGreaterThan(BODY_BYTES - 100);
      expect(Buffer.byteLength(plainOfSameSize(p)), p.name).toBeGreaterThan(size - 60);
    }
  });

  it.each(CORPUS.map((p) => [p.name, p]))(
    "%s: linkify keeps every character, links nothing too long or invisible",
    (_name, p) => {
      const segments = linkify(p.body);
      expect(joined(segments)).toBe(p.body);
      for (const link of links(segments)) {
        expect(link.text.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
        expect(link.text).not.toMatch(INVISIBLE);
      }
      expect(segments.length).toBeLessThanOrEqual(2 * p.body.length + 1);
    },
  );

  it("links what is a link and nothing else", () => {
    const count = (name: string) => links(linkify(payload(name).body)).length;
    expect(count("closing brackets after a URL")).toBe(0); // one 60 KB run: over the cap
    expect(count("64 KiB single URL")).toBe(0);
    expect(count("balanced brackets after a URL")).toBe(0);
    expect(count("repeated schemes")).toBe(0);
    expect(payload("thousands of URLs").body.split(" ").length - 1).toBeGreaterThan(3000);
    expect(count("thousands of URLs")).toBe(MAX_LINKS); // the rest stay text
    expect(count("repeated www.")).toBe(0);
    expect(count("bidi overrides")).toBe(MAX_LINKS);
    for (const link of links(linkify(payload("bidi overrides").body)))
      expect(link.href).toBe("https://evil.example/");
  });

  it.each(CORPUS.map((p) => [p.name, p]))("%s: the sanitizer's output stays inert", (_name, p) => {
    const plain = plainTextToSafeHtml(p.body);
    expect(
      plain.replace(/<a href="[^"<>]*" rel="noopener noreferrer nofollow" target="_blank">|<\/a>|<br>/g, ""),
    ).not.toMatch(/[<>]/);
    if (p.html) {
      const html = sanitizeMessageHtml(p.html);
      // The nesting limit cuts the depth; what is left is allowlisted tags only.
      expect(html).not.toMatch(/<(?!\/?(b|i|a)\b)/);
      expect(html.length).toBeLessThan(p.html.length * 4); // rel and target added to every link
    }
  });
});

describe("combining-mark floods", () => {
  const marks = (s: string) => s.match(/\p{M}/gu)?.length ?? 0;

  it(`keeps at most ${MAX_MARK_RUN} combining marks after one letter, and ordinary text as it is`, () => {
    const flood = payload("one letter, all its marks").body;
    expect(marks(flood)).toBeGreaterThan(29_000);
    expect(limitMarkRuns(flood)).toBe(`e${"\u0301".repeat(MAX_MARK_RUN)}`);
    const zalgo = payload("combining-character flood").body;
    expect(limitMarkRuns(zalgo)).toBe(zalgo); // 13 marks a letter: under the limit
    for (const text of ["Tiếng Việt có dấu", "ཀྵྭྱྲ", "e\u0301", "naïve café"])
      expect(limitMarkRuns(text)).toBe(text);
  });

  it("cuts a run split by tags in sanitized HTML, keeping the tags", () => {
    const html = `<p>e${"\u0301<b></b>".repeat(100)}</p>`;
    const out = limitMarkRunsInHtml(html);
    expect(marks(out)).toBe(MAX_MARK_RUN);
    expect(out.match(/<b><\/b>/g)).toHaveLength(100);
    expect(out.startsWith("<p>e")).toBe(true);
  });
});

describe("deceptive links (issue 15 §5)", () => {
  it("asks first when the text names another host than the link goes to, showing the real one", () => {
    expect(decideLink("https://bank.example", "https://evil.example/login")).toEqual({
      kind: "confirm",
      href: "https://evil.example/login",
      host: "evil.example",
      shown: "https://bank.example",
    });
    expect(decideLink(" bank.example/login ", "https://evil.example/")).toMatchObject({
      kind: "confirm",
      host: "evil.example",
    });
    // A look-alike in another script is another host (punycode shows it).
    expect(decideLink("https://bаnk.example", "https://bank.example/")).toMatchObject({ kind: "confirm" });
    expect(decideLink("https://bank.example", "https://xn--bnk-8cd.example/")).toMatchObject({
      kind: "confirm",
      host: "xn--bnk-8cd.example",
    });
  });

  it("opens at once when the text is no address, or the same host (with or without www.)", () => {
    for (const [text, href] of [
      ["our FAQ", "https://help.example/faq"],
      ["https://help.example/faq", "https://help.example/other"],
      ["www.help.example", "https://help.example/"],
      ["HELP.EXAMPLE", "https://help.example/"],
      ["version 1.2", "https://help.example/"],
    ])
      expect(decideLink(text!, href!), text).toEqual({ kind: "open", href });
  });

  it("keeps only subject and body in a mailto link", () => {
    expect(
      safeMailto("mailto:help@acme.example?subject=Hi&attach=/etc/passwd&cc=x@evil.example&body=a+b"),
    ).toBe("mailto:help@acme.example?subject=Hi&body=a%20b");
    expect(decideLink("write to us", "mailto:help@acme.example?attach=C:\\secrets.txt")).toEqual({
      kind: "open",
      href: "mailto:help@acme.example",
    });
    expect(decideLink("x", "mailto:?body=x")).toEqual({ kind: "refuse" });
    expect(decideLink("x", "javascript:alert(1)")).toEqual({ kind: "refuse" });
  });

  it("the sanitizer already writes mailto links without attach=", () => {
    expect(sanitizeMessageHtml('<a href="mailto:a@b.example?attach=/etc/passwd&subject=s">m</a>')).toBe(
      '<a href="mailto:a@b.example?subject=s" rel="noopener noreferrer nofollow" target="_blank">m</a>',
    );
  });
});
