// What an installer may not be built without: build/config.json must name the homeserver. Without it the
// console's CSP falls back to allowing every https:// server, and every agent would have to type the server
// in by hand; with it, connections go to that server only (electron/csp.ts).
import type { ShellConfig } from "../electron/config.ts";

/** Problems that stop `npm run dist`, as sentences naming the file and field. */
export function installerConfigProblems(config: ShellConfig, label = "build/config.json"): string[] {
  const problems: string[] = [];
  if (!config.homeserverUrl) {
    problems.push(
      `${label}: "homeserverUrl" is not set. An installer must name your homeserver (e.g. "https://matrix.example.org"): ` +
        "the console then connects to that server only. Set it and run npm run dist again.",
    );
  }
  return problems;
}
