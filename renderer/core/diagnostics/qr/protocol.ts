// What the QR decoder answers, and the messages between the page and its worker. The decoded text is wallet
// content like any other: capped here, and never treated as anything but text. The worker also says what the
// text is (its diagnostic card), so the recognisers stay out of the page's start bundle.
import type { Diagnostic } from "../types.ts";

export interface QrResult {
  /** The symbol's text (UTF-8 or the symbol's declared character set), cut at MAX_QR_TEXT. */
  text: string;
  /** Length of the whole decoded text, to say when `text` was cut. */
  length: number;
  format: string;
  /** What the content is: an offer, a request, a DID, a link, or just text. */
  diagnostic: Diagnostic;
}

/** A QR code holds at most 7,089 digits or 2,953 bytes; anything longer is not a QR code's text. */
export const MAX_QR_TEXT = 8 * 1024;

export type QrErrorCode =
  /** The image's header claims more pixels than the decoder will look at. */
  | "too-large"
  /** Not an image the browser can decode. */
  | "unreadable"
  /** Decoding took longer than the time limit; the worker was stopped. */
  | "timeout"
  /** The worker could not start or crashed (e.g. the decoder's WebAssembly could not load). */
  | "failed";

export class QrError extends Error {
  readonly code: QrErrorCode;
  constructor(code: QrErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "QrError";
    this.code = code;
  }
}

export interface DecodeRequest {
  id: number;
  image: Blob;
}

export type DecodeResponse =
  | { id: number; ok: true; results: QrResult[] }
  | { id: number; ok: false; code: QrErrorCode; message: string };
