// Images between wallets and support against the real Synapse: AltMe-shaped wallets (E2EE and plaintext) send
// images and hostile "images"; a plain matrix-js-sdk support client (rust crypto) receives them through the media
// module, and sends images the wallets can open. The browser thumbnailer runs in real Chromium.
import { resolveObjectURL } from "node:buffer";
import { readFileSync } from "node:fs";
import { encryptAttachment } from "matrix-encrypt-attachment";
import { Method, RoomEvent, type MatrixClient, type MatrixEvent } from "matrix-js-sdk";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import {
  MediaError,
  MediaStore,
  fetchImage,
  imageDimensions,
  mediaSourceFromContent,
  prepareImageUpload,
  sendImage,
  sniffImageType,
  type ImageContent,
  type ImageSource,
} from "../../renderer/core/media/index.ts";
import { newSupportAccount, newWallet, testHomeserver } from "../harness/accounts.ts";
import { launchChromium } from "../harness/browser.ts";
import { cleanupAfterAll } from "../harness/cleanup.ts";
import { startedClientOf } from "../harness/sdk-client.ts";
import { waitFor } from "../harness/wait.ts";
import type { Wallet, WalletShape } from "../harness/wallet.ts";
import { HTML_PAGE, SVG_IMAGE, hugePng, pngBomb, pngImage } from "../fixtures/images.ts";

const MB = 1024 * 1024;
const cleanup = cleanupAfterAll();

let support: MatrixClient;

beforeAll(async () => {
  support = await startedClientOf(await newSupportAccount(), testHomeserver().url);
  cleanup.add(() => support.stopClient());
  support.on(RoomEvent.MyMembership, (room, membership) => {
    if (membership === "invite") void support.joinRoom(room.roomId);
  });
});

/** A wallet that has opened its conversation, with support joined and both sides aware of it. */
async function conversation(shape: WalletShape): Promise<{ wallet: Wallet; roomId: string }> {
  const wallet = await newWallet(support.getUserId()!, shape);
  cleanup.add(() => wallet.stop());
  const roomId = await wallet.startSupportChat();
  await waitFor("the wallet to see support join", () => {
    const member = wallet.client.getRoom(roomId)?.getMember(support.getUserId()!);
    return member?.membership === "join";
  });
  await waitFor("support to see the conversation as encrypted", () =>
    support.getCrypto()?.isEncryptionEnabledInRoom(roomId),
  );
  return { wallet, roomId };
}

/** The image content as support's client sees it (decrypted first when it arrived encrypted). */
async function receivedContent(
  roomId: string,
  eventId: string,
): Promise<{ event: MatrixEvent; source: ImageSource }> {
  const event = await waitFor(`support to receive ${eventId}`, () => {
    const found = support.getRoom(roomId)?.findEventById(eventId);
    return found && !found.isBeingDecrypted() && found.getType() === "m.room.message" ? found : null;
  });
  const source = mediaSourceFromContent(event.getContent());
  if (!source || source instanceof MediaError)
    throw new Error(`no image source in ${eventId}: ${String(source)}`);
  return { event, source };
}

async function refusal(promise: Promise<unknown>): Promise<MediaError> {
  const err = await promise.then(
    () => new Error("the image was accepted"),
    (e: unknown) => e,
  );
  if (err instanceof MediaError) return err;
  throw err;
}

describe("images from wallets", () => {
  it("an E2EE wallet's encrypted image arrives decrypted and byte-identical, typed by its bytes", async () => {
    const { wallet, roomId } = await conversation("e2ee");
    const photo = pngImage(320, 240);
    // AltMe labels by file extension; a wrong label must not matter.
    const eventId = await wallet.sendImage(photo, "image/jpeg", "photo.jpg");
    const { event, source } = await receivedContent(roomId, eventId);
    expect(event.isEncrypted()).toBe(true);
    expect(source.file).not.toBeNull();

    const store = new MediaStore(support);
    cleanup.add(() => store.clear());
    const [a, b] = [store.acquire(source), store.acquire(source)];
    expect(store.downloading).toBe(1); // two views, one download
    const [first, second] = await Promise.all([a, b]);
    expect(second.url).toBe(first.url);
    expect(first).toMatchObject({ mime: "image/png", w: 320, h: 240 });
    const blob = resolveObjectURL(first.url)!;
    expect(blob.type).toBe("image/png");
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(photo);
    first.release();
    second.release();
  });

  it("a plaintext wallet's `url` image downloads through authenticated media", async () => {
    const { wallet, roomId } = await conversation("plaintext");
    const photo = pngImage(100, 80);
    const eventId = await wallet.sendImage(photo, "image/png", "scan.png");
    const { event, source } = await receivedContent(roomId, eventId);
    expect(event.isEncrypted()).toBe(false);
    expect(source.file).toBeNull();
    // Synapse serves media uploaded with authenticated media on only through v1 with the token.
    const legacy = await fetch(
      `${testHomeserver().url}/_matrix/media/v3/download/${source.server}/${source.mediaId}`,
    );
    expect(legacy.status).toBe(404);
    await legacy.body?.cancel();
    const image = await fetchImage(support, source);
    expect(image.bytes).toEqual(photo);
  });

  it("a 30 MB image is refused from its claimed size, and from Content-Length when the claim lies", async () => {
    const { wallet, roomId } = await conversation("plaintext");
    const huge = hugePng(30 * MB);
    const upload = await wallet.client.uploadContent(new Blob([huge], { type: "image/png" }), {
      type: "image/png",
    });
    const honest = await wallet.send(roomId, {
      msgtype: "m.image",
      body: "big.png",
      info: { mimetype: "image/png", size: huge.byteLength },
      url: upload.content_uri,
    });
    const lying = await wallet.send(roomId, {
      msgtype: "m.image",
      body: "small.png",
      info: { mimetype: "image/png", size: 40_000 },
      url: upload.content_uri,
    });
    for (const eventId of [honest, lying]) {
      const { source } = await receivedContent(roomId, eventId);
      let received = 0;
      const err = await refusal(
        fetchImage(support, source, { onProgress: (n) => (received = Math.max(received, n)) }),
      );
      expect(err.reason).toBe("too-large");
      expect(err.message).toBe("This image is larger than the 20 MB limit.");
      // Refused before the body was read (the streaming cap is covered with a real stream in the unit tests).
      expect(received).toBe(0);
    }
  });

  it("an SVG labelled image/png is refused", async () => {
    const { wallet, roomId } = await conversation("plaintext");
    const eventId = await wallet.sendImage(SVG_IMAGE, "image/png", "cat.png");
    const { source } = await receivedContent(roomId, eventId);
    expect(source.claimedMime).toBe("image/png");
    expect((await refusal(fetchImage(support, source))).reason).toBe("not-an-image");
  });

  it("an HTML page sent as an encrypted image is refused after decryption", async () => {
    const { wallet, roomId } = await conversation("e2ee");
    const eventId = await wallet.sendImage(HTML_PAGE, "image/jpeg", "receipt.jpg");
    const { source } = await receivedContent(roomId, eventId);
    const store = new MediaStore(support);
    const err = await refusal(store.acquire(source));
    expect(err.reason).toBe("not-an-image");
    expect(store.cachedBytes).toBe(0);
  });

  it("an image claiming 100000 × 100000 pixels is refused before any decoding", async () => {
    const { wallet, roomId } = await conversation("e2ee");
    const eventId = await wallet.sendImage(pngBomb(100_000, 100_000), "image/png", "bomb.png");
    const { source } = await receivedContent(roomId, eventId);
    const err = await refusal(fetchImage(support, source));
    expect(err.reason).toBe("too-many-pixels");
  });

  it("a tampered encrypted image (hash mismatch) is refused as decrypt-failed", async () => {
    const { wallet, roomId } = await conversation("e2ee");
    const photo = pngImage(60, 40);
    const { data, info } = await encryptAttachment(photo.slice().buffer as ArrayBuffer);
    const tampered = new Uint8Array(data);
    tampered[100]! ^= 0xff;
    const upload = await wallet.client.uploadContent(new Blob([tampered]), {
      type: "application/octet-stream",
      includeFilename: false,
    });
    const eventId = await wallet.send(roomId, {
      msgtype: "m.image",
      body: "photo.png",
      info: { mimetype: "image/png", size: photo.byteLength },
      file: { ...info, url: upload.content_uri },
    });
    const { source } = await receivedContent(roomId, eventId);
    const err = await refusal(fetchImage(support, source));
    expect(err.reason).toBe("decrypt-failed");
    expect(err.message).toBe(
      "This image could not be decrypted: it was damaged or altered after it was sent.",
    );
  });

  it("media that is gone is reported unavailable", async () => {
    const source = mediaSourceFromContent({ url: `mxc://${testHomeserver().serverName}/NoSuchMedia` });
    const err = await refusal(fetchImage(support, source as ImageSource));
    expect(err).toMatchObject({
      reason: "unavailable",
      message: "This image is no longer available on the server.",
    });
  });
});

describe("images from support", () => {
  it("support's encrypted image (with a thumbnail) is decrypted byte-identical by an E2EE wallet", async () => {
    const { wallet, roomId } = await conversation("e2ee");
    const screenshot = pngImage(400, 300);
    const thumb = pngImage(40, 30);
    const progress: Array<[number, number]> = [];
    const { eventId, content } = await sendImage(support, roomId, screenshot, {
      encrypt: true,
      name: "C:\\Users\\agent\\steps.png",
      // The injection point for the renderer's canvas thumbnailer (see the Chromium test below).
      thumbnailer: async () => ({ bytes: thumb, mime: "image/png", w: 40, h: 30 }),
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(content.url).toBeUndefined();
    expect(content.info).toMatchObject({
      mimetype: "image/png",
      size: screenshot.byteLength,
      w: 400,
      h: 300,
    });
    expect(content.info.thumbnail_info).toEqual({
      mimetype: "image/png",
      size: thumb.byteLength,
      w: 40,
      h: 30,
    });
    expect(content.body).toBe("steps.png");
    const total = screenshot.byteLength + thumb.byteLength;
    expect(progress.at(-1)).toEqual([total, total]);

    const message = await wallet.waitForMessage((m) => m.eventId === eventId);
    expect(message).toMatchObject({ encrypted: true, readable: true, msgtype: "m.image" });
    expect(await wallet.downloadImage(message)).toEqual(screenshot);
    const sent = mediaSourceFromContent(message.content) as ImageSource;
    expect((await fetchImage(wallet.client, sent.thumbnail!)).bytes).toEqual(thumb);
  });

  it("support's plain image reaches a plaintext wallet (the caller sends it unencrypted)", async () => {
    const { wallet, roomId } = await conversation("plaintext");
    const screenshot = pngImage(200, 150);
    // What the conversation module does for a plaintext wallet when the admin allows it: a raw, unencrypted send.
    let txn = 0;
    const sendPlain = (room: string, content: ImageContent) =>
      support.http.authedRequest<{ event_id: string }>(
        Method.Put,
        `/rooms/${encodeURIComponent(room)}/send/m.room.message/media-test-${Date.now()}-${txn++}`,
        undefined,
        content as unknown as Record<string, unknown>,
      );
    const { eventId, content } = await sendImage(support, roomId, screenshot, {
      encrypt: false,
      send: sendPlain,
    });
    expect(content.file).toBeUndefined();
    expect(content.url).toMatch(/^mxc:\/\//);
    const message = await wallet.waitForMessage((m) => m.eventId === eventId);
    expect(message).toMatchObject({ encrypted: false, msgtype: "m.image", body: "image.png" });
    expect(await wallet.downloadImage(message)).toEqual(screenshot);
  });

  it("support cannot send a non-image or an image over the cap, and nothing is uploaded", async () => {
    const { roomId } = await conversation("e2ee");
    let uploaded = false;
    const onProgress = () => (uploaded = true);
    const svg = await refusal(sendImage(support, roomId, SVG_IMAGE, { encrypt: true, onProgress }));
    expect(svg.reason).toBe("not-an-image");
    const big = await refusal(sendImage(support, roomId, hugePng(21 * MB), { encrypt: true, onProgress }));
    expect(big).toMatchObject({ reason: "too-large", message: "This image is larger than the 20 MB limit." });
    const small = await refusal(
      prepareImageUpload(support, pngImage(100, 100), {
        encrypt: false,
        limits: { maxBytes: 1024 },
        onProgress,
      }),
    );
    expect(small.reason).toBe("too-large");
    const bomb = await refusal(
      prepareImageUpload(support, pngBomb(30_000, 100), { encrypt: false, onProgress }),
    );
    expect(bomb.reason).toBe("too-many-pixels");
    expect(uploaded).toBe(false);
  });

  it("an upload can be cancelled", async () => {
    const controller = new AbortController();
    const pending = prepareImageUpload(support, hugePng(15 * MB), {
      encrypt: true,
      signal: controller.signal,
    });
    // Cancelled while the image is being encrypted: the upload stops and the SDK holds no upload for it.
    controller.abort();
    const err = await pending.then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe("AbortError");
    expect(support.getCurrentUploads()).toEqual([]);
  });
});

describe("the browser thumbnailer in Chromium", () => {
  it("shrinks a 1600 × 1200 screenshot to 800 × 600 and leaves a small image alone", async () => {
    const source = readFileSync(new URL("../../renderer/core/media/thumbnail.ts", import.meta.url), "utf8");
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const browser = await launchChromium();
    cleanup.add(() => browser.close());
    const page = await browser.newPage();
    await page.goto("about:blank");
    await page.addScriptTag({ type: "module", content: `${js}\nwindow.thumbnailer = browserThumbnailer;` });
    await page.waitForFunction(() => "thumbnailer" in window);

    const run = (bytes: Uint8Array) =>
      page.evaluate(async (base64) => {
        const input = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        type Thumb = { bytes: Uint8Array; mime: string; w: number; h: number } | null;
        const make = (window as unknown as { thumbnailer: (b: Uint8Array, m: string) => Promise<Thumb> })
          .thumbnailer;
        const thumb = await make(input, "image/png");
        if (!thumb) return null;
        return { ...thumb, bytes: btoa(String.fromCharCode(...thumb.bytes)) };
      }, Buffer.from(bytes).toString("base64"));

    const large = pngImage(1600, 1200);
    const thumb = await run(large);
    expect(thumb).toMatchObject({ mime: "image/png", w: 800, h: 600 });
    const bytes = new Uint8Array(Buffer.from(thumb!.bytes, "base64"));
    expect(sniffImageType(bytes)).toBe("image/png");
    expect(imageDimensions(bytes, "image/png")).toEqual({ w: 800, h: 600 });
    expect(bytes.byteLength).toBeLessThan(large.byteLength);
    expect(await run(pngImage(400, 300))).toBeNull();
  });
});
