import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MediaError,
  fetchImage,
  parseMxc,
  readCapped,
  type MediaRef,
} from "../../../renderer/core/media/index.ts";
import { pngImage } from "../../fixtures/images.ts";

/** A body that produces 1 MB chunks only when pulled, and counts how many it had to produce. */
function endlessBody(): { response: Response; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(new Uint8Array(1024 * 1024));
    },
  });
  return { response: new Response(stream), pulled: () => pulled };
}

describe("enforcing the byte cap while the body streams", () => {
  it("stops reading a body that runs past the cap, whatever Content-Length said", async () => {
    const { response, pulled } = endlessBody();
    const progress: number[] = [];
    const err = await readCapped(response, 5 * 1024 * 1024, (n) => progress.push(n)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).reason).toBe("too-large");
    // Six chunks reach past 5 MB; the stream's queue may have pre-pulled one more, never the rest.
    expect(pulled()).toBeLessThanOrEqual(7);
    expect(Math.max(...progress)).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it("returns a body within the cap byte for byte", async () => {
    const bytes = pngImage(30, 20);
    expect(await readCapped(new Response(bytes), bytes.byteLength)).toEqual(bytes);
  });
});

// A stand-in for a homeserver older than Matrix 1.11, which has no authenticated media. Synapse 1.160 always
// serves /_matrix/client/v1/media, so it cannot exercise this path; this tiny HTTP server answers v1 exactly as
// Synapse answers an endpoint it does not know (404 M_UNRECOGNIZED, observed) and serves the legacy endpoint.
// It is used for the fallback only; every other media test runs against the real Synapse.
describe("falling back to unauthenticated media on servers without Matrix 1.11", () => {
  const image = pngImage(12, 8);
  const hits: string[] = [];
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.url} ${req.headers.authorization ?? "-"}`);
      const json = (status: number, body: object) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.url?.startsWith("/_matrix/client/v1/"))
        return json(404, { errcode: "M_UNRECOGNIZED", error: "Unrecognized request" });
      if (req.url === "/_matrix/media/v3/download/old.example/present") {
        res.writeHead(200, { "content-type": "image/png", "content-length": image.byteLength });
        return res.end(image);
      }
      json(404, { errcode: "M_NOT_FOUND", error: "Not found" });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ref = (mxc: string): MediaRef => ({ ...parseMxc(mxc)!, file: null, claimedSize: null });

  it("asks v1 first with the token, then the legacy endpoint, and remembers the server is old", async () => {
    const client = { baseUrl, getAccessToken: () => "secret-token" };
    const first = await fetchImage(client, ref("mxc://old.example/present"));
    expect(first.bytes).toEqual(image);
    expect(first).toMatchObject({ mime: "image/png", w: 12, h: 8 });
    expect(hits).toEqual([
      "/_matrix/client/v1/media/download/old.example/present Bearer secret-token",
      "/_matrix/media/v3/download/old.example/present Bearer secret-token",
    ]);
    hits.length = 0;
    await fetchImage(client, ref("mxc://old.example/present"));
    expect(hits).toEqual(["/_matrix/media/v3/download/old.example/present Bearer secret-token"]);
  });

  it("says the image is unavailable when the legacy endpoint does not have it either", async () => {
    const client = { baseUrl, getAccessToken: () => "secret-token" };
    const err = await fetchImage(client, ref("mxc://old.example/gone")).catch((e: unknown) => e);
    expect(err).toMatchObject({
      reason: "unavailable",
      message: "This image is no longer available on the server.",
    });
  });

  it("says the network failed when nothing answers", async () => {
    const client = { baseUrl: "http://127.0.0.1:1", getAccessToken: () => null };
    const err = await fetchImage(client, ref("mxc://old.example/present")).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: "network" });
  });
});
