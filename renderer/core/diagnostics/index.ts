// The diagnostics module's public surface: recognising wallet content in text (credential offers, presentation
// requests, DIDs, links) and reading QR codes in images on the device, for the cards under a message.
export type {
  Advice,
  AdviceCode,
  Diagnostic,
  DiagnosticKind,
  Finding,
  FindingCode,
  Row,
  RowLabel,
  RowValue,
  Severity,
  ValueCode,
} from "./types.ts";
export { diagnoseContent, findDiagnostics, MAX_CARDS } from "./find.ts";
export { parseCredentialOffer, isCredentialOffer } from "./offer.ts";
export { parsePresentationRequest, isPresentationRequest } from "./request.ts";
export { parseDid } from "./did.ts";
export { parseLink } from "./link.ts";
