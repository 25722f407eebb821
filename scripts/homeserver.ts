// `npm run homeserver`: builds (once) and runs a local Synapse until Ctrl-C / SIGTERM.
import { parseArgs } from "node:util";
import { ensureChroot, HomeserverUnavailable } from "../test/harness/synapse-chroot.ts";
import { startHomeserver } from "../test/harness/homeserver.ts";
import { fail } from "./cli.ts";

const USAGE = `Usage: npm run homeserver -- [--port PORT] [--server-name NAME] [--data-dir DIR] [--rate-limited] [--build-only]

Starts a local Synapse (built once from Debian sid into ~/.cache/wallet-support-console) and prints
"Homeserver ready: URL (server name NAME)". Registration is open on this server, and its shared secret is in
DIR/registration_secret. Stop it with Ctrl-C.`;

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: "string" },
        "server-name": { type: "string" },
        "data-dir": { type: "string" },
        "rate-limited": { type: "boolean", default: false },
        "build-only": { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${USAGE}`);
  }
}

const args = parse();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args["build-only"]) {
  try {
    const dir = await ensureChroot((line) => console.log(line));
    console.log(`Synapse chroot ready in ${dir}`);
    process.exit(0);
  } catch (err) {
    fail((err as Error).message);
  }
}
const port = args.port === undefined ? 8008 : Number(args.port);
if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`--port must be a number from 1 to 65535, not "${args.port}"`);

try {
  const hs = await startHomeserver({
    port,
    serverName: args["server-name"] ?? `localhost:${port}`,
    dataDir: args["data-dir"],
    rateLimited: args["rate-limited"],
    log: (line) => console.log(line),
  });
  console.log(`  log: ${hs.logFile}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the homeserver…`);
    await hs.stop();
    console.log("Homeserver stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  // Keep the process alive while Synapse runs; if it dies on its own, say so and exit non-zero.
  const watch = setInterval(() => {
    if (!hs.running && !stopping) {
      console.error(`The homeserver exited unexpectedly; see ${hs.logFile}`);
      process.exit(1);
    }
  }, 1000);
  watch.ref();
} catch (err) {
  if (err instanceof HomeserverUnavailable) fail(err.message);
  fail(`Could not start the homeserver: ${(err as Error).message}`);
}
