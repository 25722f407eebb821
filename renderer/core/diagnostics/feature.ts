// Diagnostics in the signed-in desk: the session's QR scanner (one decoder worker, started on the first image
// and stopped when idle) whose cache of what images contain goes away with the session, as the decoder does.
import type { Feature } from "../desk/feature.ts";
import { QrDecoder, spawnBrowserWorker } from "./qr/decoder.ts";
import { QrScanner } from "./qr/scanner.ts";

export interface DiagnosticsApi {
  /** The QR scanner the image views share: each image is decoded at most once per session. */
  readonly scanner: QrScanner;
}

declare module "../desk/feature.ts" {
  interface FeatureApis {
    diagnostics: DiagnosticsApi;
  }
}

export const diagnosticsFeature: Feature<DiagnosticsApi> = {
  start(ctx) {
    const decoder = new QrDecoder(spawnBrowserWorker);
    ctx.track(() => decoder.dispose());
    return { scanner: new QrScanner(decoder) };
  },
};
