import { readFileSync } from "node:fs";
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { describe, expect, it } from "vitest";
import {
  ALLOWED_ATTRIBUTES,
  ALLOWED_TAGS,
  LINK_REL,
  plainTextToSafeHtml,
  sanitizeMessageHtml,
  stripReplyFallback,
} from "../../../renderer/core/sanitize.ts";

const payloads = readFileSync(new URL("../../fixtures/xss-payloads.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"));

// Independent of the sanitizer's own tables, so a loosened allowlist there fails here.
const TAGS = new Set(
  "font del h1 h2 h3 h4 h5 h6 blockquote p a ul ol sup sub li b i u strong em strike s code hr br div table thead tbody tr th td caption pre span details summary".split(
    " ",
  ),
);
const ATTRIBUTES: Record<string, string[]> = {
  a: ["href", "rel", "target"],
  ol: ["start"],
  code: ["class"],
  span: ["data-mx-spoiler"],
};

/** Every way the output could still run code, load something or escape the allowlist; empty when safe. */
function problems(html: string): string[] {
  const found: string[] = [];
  // Raw-text check, independent of any parser's tree building: every "<" must open or close an allowed tag.
  for (const match of html.matchAll(/<(\/?)([^\s/>]*)/g)) {
    const name = match[2]!.toLowerCase();
    if (!TAGS.has(name)) found.push(`raw tag <${match[1]}${match[2]}>`);
  }
  if (/<[!?]/.test(html)) found.push("comment, doctype or processing instruction");
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === "script" || node.type === "style" || node.type === "tag") {
        const el = node as Element;
        if (!TAGS.has(el.name)) found.push(`element <${el.name}>`);
        for (const [attr, value] of Object.entries(el.attribs)) {
          if (!(ATTRIBUTES[el.name] ?? []).includes(attr)) found.push(`<${el.name} ${attr}>`);
          if (/^on/i.test(attr) || attr === "src" || attr === "srcset" || attr === "style")
            found.push(`dangerous attribute ${attr}`);
          if (attr === "href") {
            // Entities are already decoded by the parser; drop what browsers ignore inside a scheme.
            // eslint-disable-next-line no-control-regex -- removing control characters is the point
            const bare = value.replace(/[\u0000-\u0020\u007f-\u00a0\u2000-\u200f\u2028\u2029\ufeff]/g, "");
            if (!/^(https?:\/\/|mailto:)/i.test(bare)) found.push(`href ${JSON.stringify(value)}`);
            if (el.attribs.rel !== LINK_REL || el.attribs.target !== "_blank")
              found.push("link without rel/target");
          }
          if (attr === "class" && !value.split(/\s+/).every((c) => /^language-[\w+#.-]+$/.test(c)))
            found.push(`class ${JSON.stringify(value)}`);
        }
        walk(el.children);
      } else if (node.type === "directive" || node.type === "comment" || node.type === "cdata") {
        found.push(`node of type ${node.type}`);
      } else if ("children" in node) {
        walk(node.children);
      }
    }
  };
  walk(parseDocument(html).children);
  return found;
}

describe("the allowlist", () => {
  it("is the one the tests check against", () => {
    expect(new Set(ALLOWED_TAGS)).toEqual(TAGS);
    expect(ALLOWED_ATTRIBUTES).toEqual(ATTRIBUTES);
  });
});

describe("sanitizing wallets' HTML against the XSS corpus", () => {
  it("has a corpus of at least 200 payloads", () => {
    expect(payloads.length).toBeGreaterThanOrEqual(200);
  });

  it("the checker itself spots what it must refuse", () => {
    expect(problems('<img src="x">')).not.toEqual([]);
    expect(
      problems('<a href="java&#x09;script:alert(1)" rel="noopener noreferrer nofollow" target="_blank">'),
    ).not.toEqual([]);
    expect(problems('<p onclick="x">')).not.toEqual([]);
    expect(problems("<svg>")).not.toEqual([]);
    expect(problems('<a href="https://example.org">')).not.toEqual([]); // missing rel/target
    expect(problems('<code class="hljs">')).not.toEqual([]);
    expect(problems("<!-- x -->")).not.toEqual([]);
  });

  it.each(payloads.map((p, i) => [i + 1, p]))("payload %i leaves nothing executable: %s", (_n, payload) => {
    const out = sanitizeMessageHtml(payload as string);
    expect(problems(out)).toEqual([]);
    // Stable under re-sanitizing: a second pass finding something to change would hint at a parser differential.
    expect(sanitizeMessageHtml(out)).toBe(out);
  });
});

describe("what a wallet's formatted message keeps", () => {
  it("keeps Element-style formatting", () => {
    // Void elements come out self-closed.
    const html =
      '<h2>Steps</h2><ol start="2"><li><b>bold</b> <i>it</i> <u>u</u> <del>del</del> <s>s</s></li></ol>' +
      '<blockquote>quote</blockquote><pre><code class="language-json">{}</code></pre><hr />' +
      "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>" +
      "<details><summary>more</summary>hidden</details><p>x<sup>2</sup> H<sub>2</sub>O<br />line</p>";
    expect(sanitizeMessageHtml(html)).toBe(html);
  });

  it("opens links outside the app, without referrer or opener, and drops non-web links", () => {
    expect(
      sanitizeMessageHtml('<a href="https://example.org/help?a=1&amp;b=2" target="_self">help</a>'),
    ).toBe(`<a href="https://example.org/help?a=1&amp;b=2" rel="${LINK_REL}" target="_blank">help</a>`);
    expect(sanitizeMessageHtml('<a href="mailto:help@example.org">mail</a>')).toContain(
      'href="mailto:help@example.org"',
    );
    for (const href of [
      "javascript:alert(1)",
      "/settings",
      "#top",
      "app://./index.html",
      "//evil.example",
      "data:,x",
    ])
      expect(sanitizeMessageHtml(`<a href="${href}">x</a>`), href).toBe("<span>x</span>");
  });

  it("never loads an image: it becomes a placeholder with its alt text", () => {
    expect(sanitizeMessageHtml('<img src="https://tracker.example/p.png" alt="logo">')).toBe(
      "<span>[image: logo]</span>",
    );
    expect(sanitizeMessageHtml('<img src="mxc://example.org/x">')).toBe("<span>[image]</span>");
  });

  it("drops style, ids and classes other than a code language", () => {
    expect(sanitizeMessageHtml('<p style="position:fixed" id="x" class="y">t</p>')).toBe("<p>t</p>");
    expect(sanitizeMessageHtml('<code class="language-rust hljs">x</code>')).toBe(
      '<code class="language-rust">x</code>',
    );
  });

  it("strips the reply fallback with everything inside it", () => {
    expect(
      sanitizeMessageHtml(
        '<mx-reply><blockquote><a href="https://matrix.to/#/!r:x/$e">In reply to</a> old text</blockquote></mx-reply>new text',
      ),
    ).toBe("new text");
  });

  it("drops script and style text instead of showing it", () => {
    expect(sanitizeMessageHtml("a<script>alert(1)</script>b<style>p{}</style>c")).toBe("abc");
  });

  it("caps nesting depth", () => {
    const deep = "<div>".repeat(200) + "x" + "</div>".repeat(200);
    expect(sanitizeMessageHtml(deep).match(/<div>/g)!.length).toBeLessThanOrEqual(50);
  });
});

describe("plain bodies", () => {
  it("escapes markup, turns newlines into line breaks and links http(s) URLs", () => {
    expect(plainTextToSafeHtml('<b>hi</b> & "you"\nline 2\r\nline 3')).toBe(
      "&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;<br>line 2<br>line 3",
    );
    expect(plainTextToSafeHtml("see https://example.org/faq).")).toBe(
      `see <a href="https://example.org/faq" rel="${LINK_REL}" target="_blank">https://example.org/faq</a>).`,
    );
    expect(plainTextToSafeHtml("(https://en.wikipedia.org/wiki/A_(b))")).toContain(
      'href="https://en.wikipedia.org/wiki/A_(b)"',
    );
    expect(plainTextToSafeHtml("javascript:alert(1) and ftp://x.example")).toBe(
      "javascript:alert(1) and ftp://x.example",
    );
  });

  it.each(payloads.map((p, i) => [i + 1, p]))("payload %i typed as plain text stays text", (_n, payload) => {
    const out = plainTextToSafeHtml(payload as string);
    expect(problems(out)).toEqual([]);
  });
});

describe("reply fallbacks in plain bodies", () => {
  it("removes the quoted lines and the blank line after them", () => {
    expect(stripReplyFallback("> <@w:x> old\n> more\n\nnew answer")).toBe("new answer");
    expect(stripReplyFallback("no quote\n> later")).toBe("no quote\n> later");
  });
});
