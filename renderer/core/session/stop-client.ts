// Stopping a MatrixClient so that nothing touches its crypto layer afterwards. stopClient() frees the rust
// OlmMachine at once, but work already in flight resumes later and calls into it: the key-backup check that
// the "own identity changed" callback starts awaits GET /room_keys/version, then asks the freed machine
// isBackupEnabled() — "null pointer passed to rust", logged by the rust side as a failed callback. Aborting the
// client's requests first sends such work down its error path (a failed request), which touches no rust object.
import type { MatrixClient } from "matrix-js-sdk";

export function stopClient(client: MatrixClient): void {
  // Both calls are synchronous: the aborted requests' continuations run only after the client has stopped, and
  // they find a failed request, not a response to hand to the machine that is gone.
  client.http.abort();
  client.stopClient();
}
