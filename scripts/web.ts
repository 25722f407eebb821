// `npm run web`: serves the built console (dist/web) with the admin configuration, like Element Web.
import { parseArgs } from "node:util";
import { loadAdminConfig } from "./admin-config.ts";
import { fail } from "./cli.ts";
import { startWebServer } from "./web-server.ts";

function isLoopbackHost(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || host === "[::1]";
}

const USAGE = `Usage: npm run web -- [--port PORT] [--host HOST] [--config FILE]

Serves the console on http://HOST:PORT (default 127.0.0.1:8080) with build/config.json, overridden by FILE.`;

let args;
try {
  args = parseArgs({
    options: {
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a number from 0 to 65535, not "${args.port}"`);
const config = await loadAdminConfig(args.config);
try {
  // Served on this machine only (development): a homeserver on this machine over plain http is let through
  // the content security policy too, as the README promises ("plain http only for localhost").
  const loopback = isLoopbackHost(args.host);
  const web = await startWebServer({ config, port, host: args.host, loopbackHomeservers: loopback });
  console.log(`Wallet Support Console: ${web.url}`);
  if (loopback)
    console.log(
      "  (served on loopback: homeservers on http://127.0.0.1 and http://localhost are allowed too)",
    );
  if (!config.homeserverUrl)
    console.log(
      "  (no homeserverUrl in the config: agents type their user ID and the homeserver is discovered)",
    );
  process.on("SIGINT", () => void web.close().then(() => process.exit(0)));
  process.on("SIGTERM", () => void web.close().then(() => process.exit(0)));
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  fail(
    code === "EADDRINUSE"
      ? `port ${port} is already in use; pick another with --port`
      : (err as Error).message,
  );
}
