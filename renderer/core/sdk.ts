// Everything that needs matrix-js-sdk and the crypto WASM, behind one dynamic import. The console's start path
// (config, saved session, sealed inbox snapshot, first paint) stays free of the SDK, so a restart paints the
// inbox while the ~1 MB SDK bundle is still loading; the session and the console load it (load-sdk.ts)
// when they need a client.
export { createClient } from "matrix-js-sdk";
export { BroadcastDesk } from "./broadcast/desk.ts";
export { Conversation, waitForRoom } from "./conversation/conversation.ts";
export { Outbox } from "./conversation/outbox.ts";
export { InviteHandler } from "./invites.ts";
export { sdkLogger } from "./logging.ts";
export { MediaStore } from "./media/index.ts";
export { Recovery } from "./recovery/recovery.ts";
export { BackupRestore } from "./recovery/backup-restore.ts";
export { sealedRestoreStorage } from "./recovery/restore-storage.ts";
export { checkHomeserver, discoverHomeserver } from "./session/discovery.ts";
export { chooseKeySharing } from "./session/key-sharing.ts";
export { startClassicSync } from "./sync/classic.ts";
export { Ingest } from "./sync/ingest.ts";
export { startSlidingSync } from "./sync/sliding.ts";
export { requestFirstWindow, supportsSlidingSync } from "./sync/first-window.ts";
export { parsePosition } from "./sync/position.ts";
export { Desk } from "./desk/desk.ts";
export { FEATURES } from "./features.ts";
export { sealedOutboxStorage } from "./conversation/outbox-storage.ts";
export { ForgottenRooms } from "./forget/forgotten.ts";
export { prepareGuard } from "./guard/index.ts";

/**
 * Fetches and compiles the crypto WASM (7.8 MB) ahead of the client that needs it. Called while the sign-in form
 * is on screen, so that the new device's crypto set-up after the password is accepted does not wait for the
 * compile. matrix-js-sdk's own `initAsync` call later finds the module ready (it is loaded once per page).
 */
export async function warmCrypto(): Promise<void> {
  const wasm = await import("@matrix-org/matrix-sdk-crypto-wasm");
  await wasm.initAsync();
}
