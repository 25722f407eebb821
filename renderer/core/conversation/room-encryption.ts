// "Is this room encrypted?" for the outbox, which must never let the SDK send a reply in plaintext by mistake.
// A room's state arrives with its subscription, a moment after the reply may have been queued, so the answer
// waits (on the desk's clock) for up to `waitMs` rather than refusing the reply.
import type { MatrixClient } from "matrix-js-sdk";
import type { Clock } from "../clock.ts";

export async function roomIsEncrypted(
  client: MatrixClient,
  roomId: string,
  clock: Clock,
  waitMs = 10_000,
): Promise<boolean> {
  const crypto = client.getCrypto();
  if (!crypto) return false;
  const until = clock.now() + waitMs;
  for (;;) {
    if (await crypto.isEncryptionEnabledInRoom(roomId)) return true;
    if (clock.now() >= until) return false;
    await clock.sleep(100);
  }
}
