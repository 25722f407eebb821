// Decoding QR codes off the main thread with limits: one worker decodes one image at a time (a queue behind it),
// each decode has a time limit after which the worker is terminated — the only way to stop WebAssembly stuck on
// a hostile image — and a fresh one is started for the next image. An idle worker is terminated too, so the
// decoder's memory is given back when nobody is looking at images.
import { QrError, type DecodeRequest, type DecodeResponse, type QrResult } from "./protocol.ts";

/** The part of a Worker the decoder uses (a browser Worker, or a test's worker thread behind the same shape). */
export interface WorkerLike {
  postMessage(message: DecodeRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<DecodeResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface QrDecoderOptions {
  /** Longest one decode may take, from the moment the worker gets the image. Default 8 s. */
  timeoutMs?: number;
  /** An idle worker is terminated after this long. Default 30 s. */
  idleMs?: number;
}

interface Job {
  image: Blob;
  signal: AbortSignal | undefined;
  resolve(results: QrResult[]): void;
  reject(error: unknown): void;
}

export class QrDecoder {
  private readonly spawn: () => WorkerLike;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private worker: WorkerLike | null = null;
  private readonly queue: Job[] = [];
  private running = false;
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(spawn: () => WorkerLike, options: QrDecoderOptions = {}) {
    this.spawn = spawn;
    this.timeoutMs = options.timeoutMs ?? 8_000;
    this.idleMs = options.idleMs ?? 30_000;
  }

  /** The QR codes in the image (none: an empty list). Rejects with a QrError, or the signal's reason. */
  decode(image: Blob, signal?: AbortSignal): Promise<QrResult[]> {
    if (this.disposed) return Promise.reject(new QrError("failed", "The QR decoder was shut down."));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<QrResult[]>((resolve, reject) => {
      this.queue.push({ image, signal, resolve, reject });
      void this.pump();
    });
  }

  /** Whether a worker is alive (decoding, or idle and not yet terminated). */
  get alive(): boolean {
    return this.worker !== null;
  }

  /** Stops the worker and refuses queued and future images. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0))
      job.reject(new QrError("failed", "The QR decoder was shut down."));
    this.stopWorker();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        // An image that left the screen while it waited is not decoded at all.
        if (job.signal?.aborted) {
          job.reject(job.signal.reason);
          continue;
        }
        try {
          job.resolve(await this.run(job.image));
        } catch (err) {
          job.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
    this.scheduleIdle();
  }

  private run(image: Blob): Promise<QrResult[]> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<QrResult[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stopWorker();
        reject(new QrError("timeout", `Decoding took longer than ${this.timeoutMs} ms.`));
      }, this.timeoutMs);
      worker.onmessage = (event) => {
        if (event.data.id !== id) return;
        clearTimeout(timer);
        if (event.data.ok) resolve(event.data.results);
        else reject(new QrError(event.data.code, event.data.message));
      };
      worker.onerror = (event) => {
        clearTimeout(timer);
        this.stopWorker();
        reject(new QrError("failed", `The QR decoder stopped: ${event.message ?? "unknown error"}.`));
      };
      worker.postMessage({ id, image });
    });
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    try {
      this.worker = this.spawn();
    } catch (err) {
      throw new QrError("failed", "The QR decoder could not start.", { cause: err });
    }
    return this.worker;
  }

  private stopWorker(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.worker?.terminate();
    this.worker = null;
  }

  private scheduleIdle(): void {
    if (!this.worker || this.disposed) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopWorker(), this.idleMs);
  }
}

/** The browser's decoder worker, bundled by Vite from worker.ts (the zxing WebAssembly with it). */
export function spawnBrowserWorker(): WorkerLike {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "qr-decoder" });
}
