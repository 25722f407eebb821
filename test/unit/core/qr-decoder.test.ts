// The QR decoder's limits with a real worker thread: codes come back from off the main thread, a decode past the
// time limit is stopped by terminating the worker (and the next image gets a fresh one), images that left the
// screen before their turn are never decoded, an idle worker is let go, and each image is scanned once per session.
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { QrDecoder, type WorkerLike } from "../../../renderer/core/diagnostics/qr/decoder.ts";
import {
  QrError,
  type DecodeRequest,
  type DecodeResponse,
} from "../../../renderer/core/diagnostics/qr/protocol.ts";
import { QrScanner } from "../../../renderer/core/diagnostics/qr/scanner.ts";
import { GARBAGE_3KB, screenshot } from "../../fixtures/qr-images.ts";
import { SPEC_OFFER_BY_REFERENCE } from "../../fixtures/wallet-content.ts";
import { qrMatrix, Raster } from "../../fixtures/raster.ts";

const WORKER = new URL("../../fixtures/qr-node-worker.ts", import.meta.url);

/** Node worker threads behind the Worker shape the decoder uses; counts what the decoder does with them. */
function workers() {
  const stats = { spawned: 0, terminated: 0, posted: [] as number[] };
  const decoders: QrDecoder[] = [];
  const spawn = (): WorkerLike => {
    stats.spawned++;
    const thread = new Worker(WORKER);
    const like: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage: (message: DecodeRequest) => {
        stats.posted.push(message.id);
        thread.postMessage(message);
      },
      terminate: () => {
        stats.terminated++;
        void thread.terminate();
      },
    };
    thread.on("message", (data: DecodeResponse) =>
      like.onmessage?.({ data } as MessageEvent<DecodeResponse>),
    );
    thread.on("error", (err: Error) => like.onerror?.({ message: err.message } as ErrorEvent));
    return like;
  };
  const make = (options?: ConstructorParameters<typeof QrDecoder>[1]) => {
    const decoder = new QrDecoder(spawn, options);
    decoders.push(decoder);
    return decoder;
  };
  return { stats, make, dispose: () => decoders.forEach((d) => d.dispose()) };
}

const png = (raster: Raster) => new Blob([new Uint8Array(raster.png())], { type: "image/png" });
const codeImage = (text: string) => {
  const matrix = qrMatrix(text, "L");
  const side = (matrix.length + 8) * 3 + 20;
  const r = new Raster(side, side);
  r.drawModules(matrix, { cx: side / 2, cy: side / 2, module: 3 });
  return png(r);
};

let cleanup: () => void = () => {};
afterEach(() => cleanup());

// Every test starts a real worker thread that compiles the decoder's WASM: well under a second on a quiet
// machine, past vitest's default 5 s on a loaded one (seen at a load average of 16 on 2 cores).
describe("QR decoder", { timeout: 60_000 }, () => {
  it("decodes a screenshot's code in a worker thread", async () => {
    const w = workers();
    cleanup = w.dispose;
    const decoder = w.make();
    const results = await decoder.decode(png(screenshot(SPEC_OFFER_BY_REFERENCE)));
    expect(results).toMatchObject([
      { text: SPEC_OFFER_BY_REFERENCE, length: SPEC_OFFER_BY_REFERENCE.length, format: "QRCode" },
    ]);
    // The worker also says what the code is, so the page needs no parser to show the card.
    expect(results[0]!.diagnostic.kind).toBe("credential-offer");
    expect(w.stats.spawned).toBe(1);
  });

  it("a decode past the time limit is stopped by terminating the worker; the next image gets a fresh worker", async () => {
    const w = workers();
    cleanup = w.dispose;
    const strict = w.make({ timeoutMs: 1 });
    const image = codeImage(GARBAGE_3KB);
    const first = await strict.decode(image).catch((err: unknown) => err);
    expect(first).toBeInstanceOf(QrError);
    expect((first as QrError).code).toBe("timeout");
    expect(strict.alive).toBe(false);
    expect(w.stats.terminated).toBe(1);
    await expect(strict.decode(image)).rejects.toMatchObject({ code: "timeout" });
    expect(w.stats.spawned).toBe(2);
    // Images keep flowing on a decoder with a sensible limit.
    const relaxed = w.make({ timeoutMs: 60_000 });
    expect((await relaxed.decode(image))[0]?.text).toBe(GARBAGE_3KB);
  });

  it("decodes one image at a time, and skips images whose wait was cancelled", async () => {
    const w = workers();
    cleanup = w.dispose;
    const decoder = w.make();
    const leaving = new AbortController();
    const first = decoder.decode(codeImage("first"));
    const skipped = decoder.decode(codeImage("skipped"), leaving.signal);
    const third = decoder.decode(codeImage("third"));
    leaving.abort(new Error("left the screen"));
    expect((await first)[0]?.text).toBe("first");
    await expect(skipped).rejects.toThrow("left the screen");
    expect((await third)[0]?.text).toBe("third");
    expect(w.stats.posted).toHaveLength(2);
  });

  it("lets an idle worker go, and starts one again when another image comes", async () => {
    const w = workers();
    cleanup = w.dispose;
    const decoder = w.make({ idleMs: 50 });
    await decoder.decode(codeImage("one"));
    await expect.poll(() => decoder.alive).toBe(false);
    expect((await decoder.decode(codeImage("two")))[0]?.text).toBe("two");
    expect(w.stats.spawned).toBe(2);
  });

  it("a session's scanner decodes each image once, remembers failures, and forgets everything at sign-out", async () => {
    const w = workers();
    cleanup = w.dispose;
    const scanner = new QrScanner(w.make());
    const image = codeImage("remember me");
    const [a, b] = await Promise.all([scanner.scan("mxc://s/1", image), scanner.scan("mxc://s/1", image)]);
    expect(a).toEqual(b);
    expect(await scanner.scan("mxc://s/1", image)).toEqual(a);
    expect(w.stats.posted).toHaveLength(1);
    const broken = await scanner.scan("mxc://s/2", new Blob([new Uint8Array([1, 2, 3])]));
    expect(broken).toMatchObject({ ok: false, error: { code: "unreadable" } });
    expect(scanner.peek("mxc://s/2")).toBe(broken);
    scanner.clear();
    expect(scanner.peek("mxc://s/1")).toBeUndefined();
  });

  it("an image that leaves the screen and comes back before the dropped scan settles is scanned again, not failed", async () => {
    const w = workers();
    cleanup = w.dispose;
    const scanner = new QrScanner(w.make());
    // Something else is decoding, so the image waits in the queue when it leaves the screen.
    const busy = scanner.scan("mxc://s/busy", codeImage(GARBAGE_3KB));
    const image = codeImage("come back");
    const away = new AbortController();
    const first = scanner.scan("mxc://s/back", image, away.signal);
    away.abort();
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    // Back on screen at once: the abandoned scan has not settled yet.
    const again = await scanner.scan("mxc://s/back", image, new AbortController().signal);
    expect(again).toMatchObject({ ok: true, results: [{ text: "come back" }] });
    expect(scanner.peek("mxc://s/back")).toBe(again);
    await busy;
  });
});
