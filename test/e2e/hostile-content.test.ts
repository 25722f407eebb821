// Hostile wallets against the console in Chromium (issue 6 §4): the XSS corpus in every field a wallet
// controls, malicious media and malformed events. Nothing may run, navigate, open anything but a web or mail
// link, or call any origin but the console's and the homeserver's; payloads show as inert text, and the console
// stays usable. Traces are read from the page itself (a canary attribute, the title, CSP violation events,
// window.open calls) as well as from Chromium (dialogs, navigations, requests, popups).
import { beforeAll, describe, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import { testHomeserver } from "../harness/accounts.ts";
import { consoleInChromium } from "../harness/e2e-fixture.ts";
import { sendRaw } from "../harness/fixtures.ts";
import { expectedLabel } from "../harness/labels.ts";
import { HTML_PAGE, SVG_IMAGE, hugePng, pngBomb, pngImage } from "../fixtures/images.ts";
import { CANARIES, GIF_IMAGE, SVG_ONLOAD, corpusPayloads, malformedEvents } from "../fixtures/hostile.ts";
import { complexityPayloads, type ComplexityPayload } from "../fixtures/complexity.ts";
import {
  GPS_MARK,
  apngImage,
  gifImage,
  jpegFillByteBomb,
  jpegImage,
  webpAnimation,
} from "../fixtures/crafted-images.ts";
import { linkify } from "../../renderer/core/links.ts";
import { limitMarkRuns } from "../../renderer/core/display-text.ts";
import {
  emptyTally,
  hostileInvite,
  hostileWallet,
  playConversation,
  sendEncryptedImage,
  uploadAs,
  type HostileConversation,
  type HostileServer,
} from "../fixtures/hostile-rooms.ts";
import {
  acknowledgeErrors,
  accessibilityProblems,
  inboxRegion,
  inboxRow,
  openConsole,
  problems,
  screenshot,
  signIn,
  storeRecoveryKey,
  type ConsolePage,
} from "../harness/e2e.ts";
import {
  instrument,
  overflow,
  pageTraces,
  renderedItems,
  type RenderedItem,
} from "../fixtures/hostile-page.ts";

const ROOMS = 12;
const CORPUS = corpusPayloads();
const PAYLOADS = [...CORPUS, ...CANARIES];
const MB = 1024 * 1024;
const HUGE_FIRST_FRAME = gifImage({ screen: { w: 1, h: 1 }, frames: [{ w: 60000, h: 60000 }] });
const MANY_FRAMES = gifImage({ screen: { w: 500, h: 500 }, frames: Array(2500).fill({ w: 500, h: 500 }) });
const SHORT_LOOP = gifImage({ screen: { w: 40, h: 30 }, frames: Array(3).fill({ w: 40, h: 30 }) });
const WEBP_FRAMES = webpAnimation({ w: 1000, h: 1000 }, 3000, { w: 1000, h: 1000 });
const TEXT = {
  notAnImage: "This file is not a PNG, JPEG, GIF or WebP image.",
  tooLarge: "This image is larger than the 20 MB limit.",
  tooManyPixels: "This image has too many pixels to show safely.",
};

// Signed in by this file itself: the page is instrumented and fenced in before the console starts.
const fixture = consoleInChromium({ config: { allowUnencryptedReplies: true }, signIn: "no" });
let server: HostileServer;
let page: ConsolePage;
const conversations: HostileConversation[] = [];
const inviteNames: string[] = [];
const tried = emptyTally();
const refused = emptyTally();
const seen = { appUrl: "", navigations: [] as string[], popups: [] as string[], outside: [] as string[] };
const clicked: string[] = [];
const asked: string[] = [];
const empty: string[] = [];
let rendered = 0;

async function buildHostileConversations(): Promise<void> {
  const wallets = await Promise.all(
    Array.from({ length: ROOMS }, (_, r) => hostileWallet(server, PAYLOADS[(r * 29) % PAYLOADS.length]!)),
  );
  tried["room name"] += ROOMS;
  const png = pngImage(64, 48);
  const image = {
    mxc: await uploadAs(server, wallets[0]!, png, "image/png", "tiny.png"),
    size: png.byteLength,
  };
  const played = await Promise.all(
    wallets.map((w, r) => playConversation(server, w, PAYLOADS, r, ROOMS, image, tried, refused)),
  );
  conversations.push(...played);
  await Promise.all(
    wallets.map(async (w, r) => {
      const name = PAYLOADS[(r * 31 + 11) % PAYLOADS.length]!;
      await hostileInvite(server, w, name);
      inviteNames.push(name);
      tried["invite room name"]++;
    }),
  );
}

/** Origins the page may talk to: the console itself and the homeserver. */
function foreignRequests(): string[] {
  const allowed = [new URL(fixture.site.url).origin, new URL(server.url).origin];
  return page.requests.filter((url) => {
    if (url.startsWith("blob:") || url.startsWith("data:")) return false;
    return !allowed.includes(new URL(url).origin);
  });
}

/** Every trace a payload that ran, navigated or called out would leave. */
async function expectNothingRan(): Promise<void> {
  const traces = await pageTraces(page.page);
  expect(traces.pwned, "a payload set body[data-pwned]").toBeNull();
  expect(traces.title).toMatch(/^(\(\d+\) )?Wallet Support Console$/);
  expect(traces.findings, "executable or loading constructs in the DOM").toEqual([]);
  expect(traces.csp, "securitypolicyviolation events").toEqual([]);
  expect(traces.opened.filter((u) => !/^(https?|mailto):/i.test(u))).toEqual([]);
  expect(page.dialogs).toEqual([]);
  expect(seen.navigations).toEqual([]);
  expect(page.page.url()).toBe(seen.appUrl);
  expect(foreignRequests()).toEqual([]);
  // A mailto: link handed to the system's mail client leaves a popup whose URL Chromium 150 reports as ":" (156
  // reported the mailto: URL); what the page itself asked to open is held to http(s) and mailto above.
  expect(
    seen.popups.filter(
      (u) => u !== "" && u !== ":" && !/^(about:blank|https?:|mailto:|chrome-error:)/i.test(u),
    ),
  ).toEqual([]);
  expect(problems(page)).toEqual({ csp: [], errors: [] });
}

async function open(label: string): Promise<Locator> {
  const search = inboxRegion(page.page).getByRole("searchbox", { name: "Search conversations" });
  await search.fill(label);
  await inboxRow(page.page, label).click({ timeout: 60_000 });
  await page.page.getByRole("heading", { level: 1, name: label }).waitFor();
  await search.fill("");
  const log = page.page.getByRole("log", { name: `Messages with ${label}` });
  await log.locator("article").first().waitFor({ timeout: 30_000 });
  return log;
}

/** Scrolls up until the conversation says it has reached its beginning: every message is in the DOM. */
async function loadWholeHistory(log: Locator): Promise<void> {
  const beginning = log.getByText("This is the beginning of the conversation.");
  for (let round = 0; round < 40 && !(await beginning.isVisible()); round++) {
    const before = await log.locator("article").count();
    await log.evaluate((el) => (el.scrollTop = 0));
    await expect
      .poll(async () => (await beginning.isVisible()) || (await log.locator("article").count()) > before, {
        timeout: 30_000,
      })
      .toBe(true);
  }
  await beginning.waitFor();
}

/** What each planned message must look like: the payload verbatim as text, or a sanitized rich block. */
function mismatches(conversation: HostileConversation, items: RenderedItem[]): string[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: string[] = [];
  for (const [id, message] of conversation.messages) {
    const item = byId.get(id);
    const p = PAYLOADS[message.payload]!;
    const ok =
      item &&
      {
        body: item.text === p,
        // Rich when the sanitizer left something to show; otherwise the plain body takes its place.
        formatted_body: item.rich || item.text === `formatted message ${message.payload}`,
        "image name": item.image === `Open image ${p}`,
        "image info": item.image === `Open image image-${message.payload}.png`,
        "file name": item.file === `File: ${p}`,
      }[message.field];
    if (!ok) out.push(`${message.field} #${message.payload} ${JSON.stringify(p)}: ${JSON.stringify(item)}`);
  }
  return out;
}

/** Every host name a payload mentions (attacker.example, canary.attacker.example, …). */
function namedHosts(): Set<string> {
  const hosts = new Set<string>();
  for (const p of PAYLOADS)
    for (const m of p.matchAll(/\/\/([a-z0-9.-]+\.[a-z]{2,})/gi)) hosts.add(m[1]!.toLowerCase());
  return hosts;
}

function expectedPreview(body: string): string {
  const text = body.replace(/\s+/g, " ").trim();
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

beforeAll(async () => {
  const hs = testHomeserver();
  server = { url: hs.url, registrationSecret: hs.registrationSecret, support: fixture.support.userId };
  const start = performance.now();
  const building = buildHostileConversations().then(() =>
    console.log(`hostile conversations built in ${((performance.now() - start) / 1000).toFixed(1)} s`),
  );
  page = await openConsole(fixture.browser, fixture.site);
  await page.page.addInitScript(instrument);
  await page.page.reload();
  // Links open outside the app; here nothing outside may be reached, so those requests stop at Chromium.
  const allowed = [new URL(fixture.site.url).origin, new URL(server.url).origin];
  await page.context.route(
    (url) => !allowed.includes(url.origin),
    (route) => {
      seen.outside.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  page.context.on("page", (popup) => {
    seen.popups.push(popup.url());
    popup.on("framenavigated", (frame) => frame === popup.mainFrame() && seen.popups.push(frame.url()));
    setTimeout(() => void popup.close().catch(() => {}), 500);
  });
  await signIn(page.page, fixture.support);
  await storeRecoveryKey(page.page);
  seen.appUrl = page.page.url();
  page.page.on("framenavigated", (frame) => {
    if (frame === page.page.mainFrame()) seen.navigations.push(frame.url());
  });
  await building;
  // Building sends a few thousand events; on a busy machine Synapse (SQLite) needs more than the usual 3 min.
}, 360_000);

describe("hostile wallet content", () => {
  it("the checks see a trace planted in the page, so a real one could not pass unseen", async () => {
    await expectNothingRan();
    await page.page.evaluate(() => {
      const bubble = document.createElement("div");
      bubble.className = "bubble planted";
      bubble.innerHTML =
        '<div class="text rich"><a href="javascript:void 0" onclick="void 0" style="color:red">x</a>' +
        '<form></form><img src="https://canary.attacker.example/planted.png" alt=""></div>';
      document.body.append(bubble);
      document.body.dataset.pwned = "planted";
      alert("planted");
    });
    try {
      await expect.poll(async () => (await pageTraces(page.page)).csp.length).toBeGreaterThan(0);
      const traces = await pageTraces(page.page);
      expect(traces.pwned).toBe("planted");
      for (const pattern of [/has onclick/, /href=javascript/, /<form/, /keeps style/, /loads https/])
        expect(traces.findings).toContainEqual(expect.stringMatching(pattern));
      expect(page.dialogs).toEqual(["planted"]);
      expect(page.cspViolations.length).toBeGreaterThan(0);
      expect(foreignRequests()).toEqual(["https://canary.attacker.example/planted.png"]);
    } finally {
      // Planted on purpose: take it all back off the record.
      await page.page.evaluate(() => {
        document.querySelector(".planted")!.remove();
        delete document.body.dataset.pwned;
        (window as unknown as { __hostileTraces: { csp: string[] } }).__hostileTraces.csp.length = 0;
      });
      page.dialogs.length = 0;
      page.cspViolations.length = 0;
      const kept = page.requests.filter((url) => !url.endsWith("/planted.png"));
      page.requests.splice(0, page.requests.length, ...kept);
      acknowledgeErrors(page, [/planted\.png/, /violates the following Content Security Policy/]);
    }
    await expectNothingRan();
  });

  // Opens 12 conversations, loads ~1,200 hostile events and clicks ~90 links: 1-2 min on a quiet machine, past
  // the usual 3 min on a loaded one (seen at a load average of 20 on 2 cores). A test past its time-out keeps
  // running in the background and breaks the next test, so this one gets the room it needs.
  it(
    "every payload, in every field a wallet controls, shows as inert text in the inbox and the conversations",
    { timeout: 600_000 },
    async () => {
      for (const [r, conversation] of conversations.entries()) {
        const label = expectedLabel(conversation.wallet.userId, fixture.support.userId);
        const row = inboxRow(page.page, label);
        await row.waitFor({ timeout: 60_000 });
        await expect
          .poll(() => row.locator(".preview .text").textContent(), { timeout: 30_000 })
          .toBe(expectedPreview(conversation.lastBody));
        const log = await open(label);
        if (r === 0) {
          await expect
            .poll(() => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight), {
              timeout: 10_000,
              message: "the newest message is in view when a conversation opens",
            })
            .toBeLessThan(2);
          await screenshot(page.page, "hostile-conversation-latest");
        }
        await loadWholeHistory(log);
        const items = await renderedItems(log);
        expect(mismatches(conversation, items)).toEqual([]);
        expect(items.length).toBe(conversation.messages.size);
        rendered += items.length;
        for (const item of items.filter((i) => i.said === "")) {
          const message = conversation.messages.get(item.id)!;
          empty.push(`${message.field} ${JSON.stringify(PAYLOADS[message.payload])}`);
        }
        expect(await overflow(log)).toEqual({ page: 0, timeline: 0, bubbles: [] });
        // The anonymous label stays the headline: no room name or display name a wallet set reaches the header.
        expect(await page.page.locator("#conversation-title").textContent()).toBe(label);
        if (r === 0) {
          await screenshot(page.page, "hostile-conversation-oldest");
          expect(await accessibilityProblems(page.page)).toEqual([]);
        }
        await expectNothingRan();

        const links = log.locator(".bubble a[href]");
        const count = await links.count();
        for (let i = 0; i < count; i++) {
          clicked.push((await links.nth(i).getAttribute("href"))!);
          await links.nth(i).click();
          // A link whose text names another host asks first (issue 15 §5): decline, the next link is tried.
          const confirm = page.page.getByRole("dialog", { name: "Open a link that says something else?" });
          if (await confirm.isVisible()) {
            asked.push((await links.nth(i).getAttribute("href"))!);
            await confirm.getByRole("button", { name: "Cancel" }).click();
          }
        }
        await expectNothingRan();
      }
      const { opened } = await pageTraces(page.page);
      expect(opened.length).toBeGreaterThan(0);
      expect(opened.filter((url) => !clicked.includes(url) || asked.includes(url))).toEqual([]);
      const hosts = namedHosts();
      expect(page.requests.filter((url) => hosts.has(new URL(url).hostname))).toEqual([]);
      console.log(
        `hostile content: ${PAYLOADS.length} payloads (${CORPUS.length} corpus + ${CANARIES.length} canaries); ` +
          `accepted by the server per field ${JSON.stringify(tried)}, refused ${JSON.stringify(refused)}; ` +
          `${rendered} message events rendered in ${ROOMS} conversations; ${clicked.length} links clicked, ` +
          `${opened.length} opened outside, ${asked.length} asked about first (${seen.popups.length} popup events, ${seen.outside.length} outside requests stopped; ` +
          `not opened: ${JSON.stringify(clicked.filter((u) => !opened.includes(u)))}); ${hosts.size} hosts named in payloads, ` +
          `requests to them 0; dialogs ${page.dialogs.length}, navigations ${seen.navigations.length}, ` +
          `foreign requests ${foreignRequests().length}, CSP violations ${page.cspViolations.length}`,
      );
      // A formatted message the sanitizer empties must still say something (its plain body), not show a blank bubble.
      expect
        .soft(empty.length, `messages shown as an empty bubble, e.g. ${empty.slice(0, 3).join(", ")}`)
        .toBe(0);
    },
  );

  it("group-room invites named with payloads wait under Other invites with the name as text", async () => {
    const invites = page.page.getByRole("list", { name: "Other invites" });
    await expect.poll(() => invites.getByRole("listitem").count(), { timeout: 30_000 }).toBe(ROOMS);
    const names = await invites.locator(".name").allTextContents();
    expect(names.sort()).toEqual(inviteNames.map((n) => n.slice(0, 200)).sort());
    await screenshot(page.page, "hostile-invites");
    await expectNothingRan();
    for (let i = 0; i < ROOMS; i++) {
      await invites.getByRole("listitem").first().getByRole("button", { name: "Decline" }).click();
      await expect.poll(() => invites.getByRole("listitem").count()).toBe(ROOMS - i - 1);
    }
  });

  it(
    "malicious media is refused with a clear tile, never shown, and the console stays responsive",
    { timeout: 360_000 },
    async () => {
      const e2ee = await fixture.wallet("e2ee");
      await e2ee.startSupportChat();
      await inboxRow(page.page, e2ee.label).waitFor({ timeout: 60_000 }); // support joined: it gets the keys
      const plain = await hostileWallet(server, "<img src=x onerror=alert(1)>");
      interface Case {
        name: string;
        bytes: Uint8Array;
        mime: string;
        refusal?: string;
        shown?: { w: number; h: number };
      }
      const cases: Case[] = [
        { name: "logo.png", bytes: SVG_ONLOAD, mime: "image/png", refusal: TEXT.notAnImage },
        { name: "alert.png", bytes: SVG_IMAGE, mime: "image/png", refusal: TEXT.notAnImage },
        { name: "invoice.png", bytes: HTML_PAGE, mime: "image/png", refusal: TEXT.notAnImage },
        { name: "photo.jpg", bytes: pngImage(48, 32), mime: "image/jpeg", shown: { w: 48, h: 32 } },
        { name: "drawing.svg", bytes: GIF_IMAGE, mime: "image/svg+xml", shown: { w: 1, h: 1 } },
        { name: "huge.png", bytes: hugePng(30 * MB), mime: "image/png", refusal: TEXT.tooLarge },
        {
          name: "bomb.png",
          bytes: pngBomb(100_000, 100_000),
          mime: "image/png",
          refusal: TEXT.tooManyPixels,
        },
        // Issue 15 §4: sizes hidden from a naive header read (test/fixtures/crafted-images.ts says how each is built).
        {
          name: "fill-bytes.jpg",
          bytes: jpegFillByteBomb(),
          mime: "image/jpeg",
          refusal: TEXT.tooManyPixels,
        },
        { name: "first-frame.gif", bytes: HUGE_FIRST_FRAME, mime: "image/gif", refusal: TEXT.tooManyPixels },
        { name: "frames.gif", bytes: MANY_FRAMES, mime: "image/gif", refusal: TEXT.tooManyPixels },
        {
          name: "frames.png",
          bytes: apngImage(64, 64, 100_000),
          mime: "image/png",
          refusal: TEXT.tooManyPixels,
        },
        { name: "frames.webp", bytes: WEBP_FRAMES, mime: "image/webp", refusal: TEXT.tooManyPixels },
        { name: "real.jpg", bytes: jpegImage(48, 32), mime: "image/jpeg", shown: { w: 48, h: 32 } },
        { name: "loop.gif", bytes: SHORT_LOOP, mime: "image/gif", shown: { w: 40, h: 30 } },
      ];
      // The same 30 MB, claiming 4 KB: the cap must hold while downloading too.
      const liar: Case = {
        name: "liar.png",
        bytes: cases[5]!.bytes,
        mime: "image/png",
        refusal: TEXT.tooLarge,
      };
      for (const c of cases) await e2ee.sendImage(c.bytes, c.mime, c.name);
      await sendEncryptedImage(e2ee, liar.bytes, liar.mime, liar.name, 4096);
      for (const c of [...cases, liar]) {
        const url = await uploadAs(server, plain, c.bytes, c.mime, c.name);
        const size = c === liar ? 4096 : c.bytes.byteLength;
        await sendRaw(server.url, plain, "m.room.message", {
          msgtype: "m.image",
          body: c.name,
          info: { mimetype: c.mime, size },
          url,
        });
      }
      for (const [who, label] of [
        ["e2ee", e2ee.label],
        ["plain", expectedLabel(plain.userId, fixture.support.userId)],
      ] as const) {
        const log = await open(label);
        for (const c of [...cases, liar]) {
          const tile = log.getByRole("button", { name: `Open image ${c.name}` });
          await tile.scrollIntoViewIfNeeded({ timeout: 30_000 });
          if (c.refusal) {
            await tile.locator(".problem").waitFor({ timeout: 30_000 });
            expect.soft(await tile.textContent(), `${who} ${c.name}`).toBe(c.refusal);
            expect(await tile.locator("img").count()).toBe(0);
            expect(await tile.isDisabled()).toBe(true);
          } else {
            const img = tile.locator("img");
            await img.waitFor({ timeout: 30_000 });
            await expect
              .poll(() => img.evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight]))
              .toEqual([c.shown!.w, c.shown!.h]);
            expect(await img.getAttribute("src")).toMatch(/^blob:/);
          }
        }
        await log.getByRole("button", { name: "Open image logo.png" }).scrollIntoViewIfNeeded();
        await screenshot(page.page, `hostile-media-${who}`);
        await expectNothingRan();
      }

      // Still responsive: switch conversations, type, send a reply and see it sent.
      let t = performance.now();
      await open(expectedLabel(conversations[0]!.wallet.userId, fixture.support.userId));
      const switched = performance.now() - t;
      await open(e2ee.label);
      const composer = page.page.getByRole("textbox", { name: `Reply to ${e2ee.label}` });
      await composer.fill("We are looking into it");
      t = performance.now();
      await composer.press("Enter");
      await page.page
        .locator("article[data-status='sent']", { hasText: "We are looking into it" })
        .waitFor({ timeout: 30_000 });
      const sent = performance.now() - t;
      await e2ee.waitForMessage((m) => m.body === "We are looking into it");
      // A photo the agent sends leaves without its EXIF: no GPS position reaches the wallet, the picture does.
      const photo = jpegImage(64, 48, { exif: { orientation: 1 }, comment: "Agent Alice", xmp: GPS_MARK });
      await composer.evaluate((el, bytes) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], "where.jpg", { type: "image/jpeg" }));
        el.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
        el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
      }, Array.from(photo));
      await page.page.getByText(/^Image to send: where\.jpg/).waitFor();
      await page.page.getByRole("button", { name: "Send", exact: true }).click();
      const received = await e2ee.waitForMessage((m) => m.msgtype === "m.image" && m.body === "where.jpg");
      const sentBytes = Buffer.from(await e2ee.downloadImage(received));
      for (const trace of [GPS_MARK, "Agent Alice", "Exif", "http://ns.adobe.com/xap"])
        expect(sentBytes.includes(Buffer.from(trace, "latin1")), trace).toBe(false);
      expect(sentBytes.equals(Buffer.from(jpegImage(64, 48)))).toBe(true);
      console.log(
        `after malicious media: switching to a 100-message conversation ${switched.toFixed(0)} ms, a reply sent in ${sent.toFixed(0)} ms`,
      );
      await expectNothingRan();
    },
  );

  it("malformed events (wrong types, huge strings, deep nesting, junk ciphertext) never break the inbox or the conversation", async () => {
    const wallet = await hostileWallet(server, "malformed");
    const events = malformedEvents();
    const shown: string[] = [];
    for (const e of events) {
      const { event_id } = await sendRaw(server.url, wallet, e.type, e.content);
      if (e.shown) shown.push(event_id);
    }
    const label = expectedLabel(wallet.userId, fixture.support.userId);
    const row = inboxRow(page.page, label);
    await expect
      .poll(() => row.locator(".preview .text").textContent(), { timeout: 30_000 })
      .toBe(`${"D".repeat(160)}…`);
    expect((await row.boundingBox())!.height).toBeLessThan(100);
    const log = await open(label);
    await loadWholeHistory(log);
    const items = await renderedItems(log);
    expect(items.map((i) => i.id)).toEqual(shown);
    expect(items.find((i) => i.text?.startsWith("AAAA"))?.text).toBe("A".repeat(60_000));
    // Junk ciphertext ends as an explained tile, not an endless "Decrypting…".
    await expect
      .poll(() => log.locator(".kind-undecryptable").count(), { timeout: 30_000 })
      .toBe(events.filter((e) => e.type === "m.room.encrypted").length);
    expect(await log.locator(".kind-decrypting").count()).toBe(0);
    expect.soft(await overflow(log)).toEqual({ page: 0, timeline: 0, bubbles: [] });
    await log.locator("article", { hasText: "BBBBBBBB" }).scrollIntoViewIfNeeded();
    await screenshot(page.page, "hostile-malformed-pre");
    await log.locator("article", { hasText: "unknown msgtype" }).scrollIntoViewIfNeeded();
    await screenshot(page.page, "hostile-malformed-tiles");
    expect(await accessibilityProblems(page.page)).toEqual([]);
    await expectNothingRan();
    // Still a working conversation: a reply goes out (this wallet has no keys: the agent confirms plaintext).
    const composer = page.page.getByRole("textbox", { name: `Reply to ${label}` });
    await composer.fill("Your last message was very long");
    await composer.press("Enter");
    const held = page.page.getByRole("alert").filter({ hasText: "Your reply was not sent" });
    await held.getByRole("button", { name: "Send without encryption to this wallet" }).click();
    await log
      .locator("article[data-status='sent']", { hasText: "Your last message was very long" })
      .waitFor({ timeout: 30_000 });
    expect.soft(await overflow(log)).toEqual({ page: 0, timeline: 0, bubbles: [] });
    await log.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await screenshot(page.page, "hostile-malformed-latest");
    await expectNothingRan();
    console.log(
      `malformed: ${events.length} events sent, ${shown.length} shown as tiles, dialogs ${page.dialogs.length}, ` +
        `navigations ${seen.navigations.length}, foreign requests ${foreignRequests().length}, ` +
        `CSP violations ${page.cspViolations.length}`,
    );
  });

  it("algorithmic-complexity payloads show as what they are, link only real links, and leave the console usable", async () => {
    const wallet = await hostileWallet(server, "complexity");
    const corpus = complexityPayloads();
    const sent = new Map<string, ComplexityPayload>();
    for (const p of corpus) {
      const content = p.html
        ? { msgtype: "m.text", body: p.body, format: "org.matrix.custom.html", formatted_body: p.html }
        : { msgtype: "m.text", body: p.body };
      sent.set((await sendRaw(server.url, wallet, "m.room.message", content)).event_id, p);
    }
    const label = expectedLabel(wallet.userId, fixture.support.userId);
    const log = await open(label);
    await loadWholeHistory(log);
    const items = await renderedItems(log);
    expect(items.map((i) => i.id)).toEqual([...sent.keys()]);
    const wrong: string[] = [];
    for (const item of items) {
      const p = sent.get(item.id)!;
      const shown = p.html ? item.rich : item.text === limitMarkRuns(p.body);
      const links = await log.locator(`article[data-item-id="${item.id}"] .bubble a[href]`).count();
      const expected = p.html
        ? links
        : linkify(limitMarkRuns(p.body)).filter((s) => s.kind === "link").length;
      if (!shown || links !== expected) wrong.push(`${p.name}: shown ${shown}, ${links} links (${expected})`);
    }
    expect(wrong).toEqual([]);
    expect(await overflow(log)).toEqual({ page: 0, timeline: 0, bubbles: [] });
    await log.locator("article", { hasText: "Z\u0336" }).first().scrollIntoViewIfNeeded();
    await screenshot(page.page, "hostile-complexity");
    await expectNothingRan();
    // Still a working conversation: the agent's reply goes out and shows as sent.
    const composer = page.page.getByRole("textbox", { name: `Reply to ${label}` });
    await composer.fill("Please send a shorter message");
    await composer.press("Enter");
    const held = page.page.getByRole("alert").filter({ hasText: "Your reply was not sent" });
    await held.getByRole("button", { name: "Send without encryption to this wallet" }).click();
    await log
      .locator("article[data-status='sent']", { hasText: "Please send a shorter message" })
      .waitFor({ timeout: 30_000 });
    await expectNothingRan();
    console.log(`complexity: ${corpus.length} payloads of about 60 KB each rendered in one conversation`);
  });

  it("a link whose text names another host asks first, showing the real host; mailto keeps only subject and body", async () => {
    const wallet = await hostileWallet(server, "deceptive");
    await sendRaw(server.url, wallet, "m.room.message", {
      msgtype: "m.text",
      body: "Log in at https://bank.example",
      format: "org.matrix.custom.html",
      formatted_body:
        'Log in at <a href="https://evil.example/login">https://bank.example</a> or ' +
        '<a href="mailto:help@bank.example?subject=Hi&attach=/etc/passwd">write to us</a>',
    });
    const label = expectedLabel(wallet.userId, fixture.support.userId);
    const log = await open(label);
    const before = (await pageTraces(page.page)).opened.length;
    // Exactly the deceptive link (the diagnostics card under the message names the body's https://bank.example/).
    const link = log.getByRole("link", { name: "https://bank.example", exact: true });
    await link.click();
    const confirm = page.page.getByRole("dialog", { name: "Open a link that says something else?" });
    await confirm.waitFor();
    expect(await confirm.locator(".host").textContent()).toBe("evil.example");
    expect(await confirm.locator(".shown").textContent()).toBe("https://bank.example");
    await screenshot(page.page, "hostile-deceptive-link");
    expect(await accessibilityProblems(page.page)).toEqual([]);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect((await pageTraces(page.page)).opened.length).toBe(before);
    await link.click();
    await confirm.getByRole("button", { name: "Open evil.example" }).click();
    await expect
      .poll(async () => (await pageTraces(page.page)).opened.slice(before))
      .toEqual(["https://evil.example/login"]);
    expect(await log.getByRole("link", { name: "write to us" }).getAttribute("href")).toBe(
      "mailto:help@bank.example?subject=Hi",
    );
    await log.getByRole("link", { name: "write to us" }).click();
    await expect
      .poll(async () => (await pageTraces(page.page)).opened.slice(before))
      .toEqual(["https://evil.example/login", "mailto:help@bank.example?subject=Hi"]);
    await expectNothingRan();
  });
});
