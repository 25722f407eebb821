// The QR decoder's worker: decodes one image at a time off the main thread. The zxing WebAssembly is a file of
// the app's own build (Vite emits it next to the scripts), never fetched from elsewhere; the app's CSP allows
// compiling it ('wasm-unsafe-eval') and loading it ('self').
import { prepareZXingModule } from "zxing-wasm/reader";
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";
import { imagePixels } from "./pixels.ts";
import { QrError, type DecodeRequest, type DecodeResponse } from "./protocol.ts";
import { scanPixels } from "./scan.ts";

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
  },
});

// The DOM typings describe a window; this file runs in a dedicated worker.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null;
  postMessage(message: DecodeResponse): void;
};

scope.onmessage = async (event) => {
  const { id, image } = event.data;
  let response: DecodeResponse;
  try {
    response = { id, ok: true, results: await scanPixels(await imagePixels(image)) };
  } catch (err) {
    const code = err instanceof QrError ? err.code : "failed";
    response = { id, ok: false, code, message: err instanceof Error ? err.message : String(err) };
  }
  scope.postMessage(response);
};
