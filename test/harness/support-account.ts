// A support account with the provider's notification room (#news), as the demo and the benchmark fixtures need
// them: registered with the homeserver's shared secret, the room created and protected by the core's own code.
import { createNotificationRoom } from "../../renderer/core/broadcast/index.ts";
import { registerWithSecret } from "./homeserver.ts";
import { clientOf } from "./sdk-client.ts";

export async function supportWithNewsRoom(hs: { url: string; registrationSecret: string }, password: string) {
  const support = await registerWithSecret(hs.url, hs.registrationSecret, "support", password);
  const client = clientOf(support, hs.url);
  const news = await createNotificationRoom(client, {
    alias: "news",
    name: "Wallet news",
    topic: "Announcements for every wallet",
  });
  return { support, news };
}
