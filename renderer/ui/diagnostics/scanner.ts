// Which QR scanner a view uses: one per signed-in desk, keyed by the desk's media store, so its cache of what
// images contain goes away with the session (a WeakMap holds nothing alive). Until the desk registers a
// diagnostics feature that owns the scanner (and disposes its decoder), this is how the image views find theirs.
import { QrDecoder, spawnBrowserWorker } from "../../core/diagnostics/qr/decoder.ts";
import { QrScanner } from "../../core/diagnostics/qr/scanner.ts";
import type { MediaStore } from "../../core/media/index.ts";

const scanners = new WeakMap<MediaStore, QrScanner>();

export function scannerFor(media: MediaStore): QrScanner {
  let scanner = scanners.get(media);
  if (!scanner) {
    scanner = new QrScanner(new QrDecoder(spawnBrowserWorker));
    scanners.set(media, scanner);
  }
  return scanner;
}
