// The HTML transcript is inert, proved in real Chromium with scripts enabled: a transcript whose every field a
// wallet (or a hostile member) controls — text, label, file name, sender, event ID — carries script tags, event
// handlers, remote images, style sheets, frames, a base, a form, a meta refresh and non-image data: URLs. Opened
// from file://, the page runs nothing, asks the network for nothing (a local server counts every hit) and shows
// each hostile string as text. Second layer: the same page with markup injected past the escaping (as an escaping
// bug would) — its Content-Security-Policy still refuses the script and the remote image.
import { transcriptWords } from "../../renderer/ui/export/transcript-words.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../renderer/core/export/render.ts";
import type { TranscriptConversation } from "../../renderer/core/export/transcript.ts";
import { launchChromium } from "../harness/browser.ts";

let browser: Browser;
let server: Server;
let origin: string;
const hits: string[] = [];
const dir = mkdtempSync(join(tmpdir(), "wsc-export-inert-"));

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "text/plain" }).end("x");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

// The words the console itself puts in an English transcript.
const words = transcriptWords("en");

/** Every hostile string the transcript must show as text; each would run script or reach `origin` as markup. */
function payloads(origin: string): string[] {
  return [
    `<script>window.pwned = "script"</script>`,
    `<script src="${origin}/script.js"></script>`,
    `<img src="${origin}/img.png" onerror="window.pwned = 'onerror'">`,
    `"><svg onload="window.pwned = 'svg'"><image href="${origin}/svg.png"/></svg>`,
    `<link rel="stylesheet" href="${origin}/style.css">`,
    `<style>@import url("${origin}/import.css"); body{background:url(${origin}/bg.png)}</style>`,
    `<iframe src="${origin}/frame.html"></iframe><object data="${origin}/object"></object>`,
    `</li></ol><base href="${origin}/"><a href="relative">relative</a>`,
    `<form action="${origin}/form"><button>send</button></form>`,
    `<meta http-equiv="refresh" content="0;url=${origin}/refresh">`,
    `<a href="javascript:window.pwned='link'">click</a>`,
    `' onmouseover='window.pwned=1' x='`,
  ];
}

function hostileTranscript(origin: string): TranscriptConversation[] {
  const texts = payloads(origin);
  const t0 = Date.UTC(2026, 10, 30, 9);
  return [
    {
      roomId: `!room"><script>window.pwned='room'</script>:x`,
      label: `<img src="${origin}/label.png">Wallet`,
      entries: [
        ...texts.map((text, i) => ({
          eventId: `$ev${i}"><script>window.pwned='id'</script>`,
          ts: t0 + i * 1000,
          sender: { role: "wallet" as const, name: `<b onclick="x()">wallet</b>` },
          kind: "text" as const,
          text,
          source: "timeline",
        })),
        // Images whose URL is not one of the four sniffed types in base64: never reach an attribute.
        ...[
          `${origin}/remote.png`,
          "javascript:window.pwned='img'",
          `data:image/svg+xml;base64,${btoa(`<svg xmlns="http://www.w3.org/2000/svg" onload="window.pwned='svgdata'"/>`)}`,
          `data:image/png;base64,AAAA" onerror="window.pwned='attr'`,
        ].map((dataUrl, i) => ({
          eventId: `$img${i}`,
          ts: t0 + 60_000 + i,
          sender: { role: "other" as const, name: `@evil:x"><script>window.pwned='other'</script>` },
          kind: "image" as const,
          text: `<img src="${origin}/name.png">.png`,
          image: { mimetype: "image/png", dataUrl },
          source: "timeline",
        })),
        {
          eventId: "$support",
          ts: t0 + 120_000,
          sender: { role: "support", name: `<script>window.pwned='agent'</script>` },
          kind: "file",
          text: `<iframe src="${origin}/file"></iframe>`,
          source: "timeline",
        },
      ],
    },
    {
      roomId: "!second:x",
      label: `</a><a href="${origin}/nav">second`,
      entries: [],
    },
  ];
}

describe("the HTML transcript is inert", () => {
  let context: BrowserContext;

  it("runs nothing, loads nothing and shows every hostile string as text", async () => {
    const meta = {
      app: `<script>window.pwned='app'</script>`,
      exportedAt: Date.now(),
      range: { from: null, to: null },
    };
    const html = (await renderHtml(hostileTranscript(origin), meta, words)).join("");
    const file = join(dir, "hostile.html");
    writeFileSync(file, html);

    context = await browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    const requests: string[] = [];
    context.on("request", (r) => requests.push(r.url()));
    // "load" fires once every subresource the parser found was fetched or refused: nothing is still on its way.
    await page.goto(`file://${file}`, { waitUntil: "load" });

    expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
    const dom = await page.evaluate(() => {
      const all = [...document.querySelectorAll("*")];
      return {
        tags: [...new Set(all.map((e) => e.localName))].sort(),
        handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
        urls: all.flatMap((e) =>
          ["src", "href", "action", "data", "formaction", "poster"]
            .map((name) => e.getAttribute(name))
            .filter((v): v is string => v !== null),
        ),
        metas: [...document.querySelectorAll("meta")].map((m) => m.getAttribute("http-equiv") ?? m.name),
        text: document.body.innerText,
      };
    });
    // Only what the renderer itself writes.
    expect(dom.tags).toEqual(
      [
        "a",
        "body",
        "div",
        "h1",
        "h2",
        "head",
        "header",
        "html",
        "li",
        "meta",
        "nav",
        "ol",
        "p",
        "span",
        "style",
        "time",
        "title",
        "ul",
      ].sort(),
    );
    expect(dom.handlers).toEqual([]);
    expect(dom.urls.every((u) => u.startsWith("#"))).toBe(true);
    expect(dom.metas).toEqual(["", "Content-Security-Policy", "referrer", "viewport"]); // "": the charset
    for (const text of payloads(origin)) expect(dom.text).toContain(text);
    expect(dom.text).toContain(`Not the wallet: @evil:x"><script>window.pwned='other'</script>`);
    expect(dom.text).toContain(`Image: <img src="${origin}/name.png">.png`);

    expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
    expect(hits).toEqual([]);
    await context.close();
  });

  it("still refuses script and remote loads when markup gets past the escaping (its CSP)", async () => {
    const meta = { app: "Wallet Support Console", exportedAt: Date.now(), range: { from: null, to: null } };
    const html = (await renderHtml(hostileTranscript(origin), meta, words)).join("");
    // What an escaping bug would let through, straight into the body.
    const injected = html.replace(
      "<body>",
      `<body><script>window.pwned = "inline"</script><img src="${origin}/injected.png">` +
        `<link rel="stylesheet" href="${origin}/injected.css"><iframe src="${origin}/injected.html"></iframe>`,
    );
    expect(injected).not.toBe(html);
    const file = join(dir, "injected.html");
    writeFileSync(file, injected);

    context = await browser.newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/.test(m.text())) refusals.push(m.text());
    });
    // Chromium may create a request for a resource its CSP then blocks: each one must end refused, not fetched.
    const outcomes = new Map<string, string | null>();
    context.on("request", (r) => {
      if (!r.url().startsWith("file:")) outcomes.set(r.url(), null);
    });
    const settle = (url: string, outcome: string) => outcomes.has(url) && outcomes.set(url, outcome);
    context.on("requestfailed", (r) => settle(r.url(), r.failure()?.errorText ?? "failed"));
    context.on("requestfinished", (r) => settle(r.url(), "fetched"));
    await page.goto(`file://${file}`, { waitUntil: "load" });
    // Chromium reports these refusals on the console (its wording varies between versions): wait for the
    // script's, the image's and the style sheet's. The frame's is not reported there; that it was refused shows
    // in the requests below (a frame's navigation is a request, made while parsing, before "load").
    const refused = (what: RegExp) => refusals.some((r) => what.test(r));
    await expect
      .poll(() => [/inline script/i, /injected\.png/, /injected\.css/].map((w) => refused(w)), {
        timeout: 30_000,
      })
      .toEqual([true, true, true]);
    expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
    await expect.poll(() => [...outcomes.values()].filter((o) => o === null)).toEqual([]);
    for (const [url, outcome] of outcomes) expect(outcome, url).toMatch(/^csp$|BLOCKED_BY_CSP/);
    expect(hits).toEqual([]);
    await context.close();
  });
});
