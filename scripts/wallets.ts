// `npm run wallets`: simulated AltMe wallets that open support chats, send a message (and an image), print what
// support answers, and optionally listen to the provider's notification room.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { sniffImageType } from "../renderer/core/media/sniff.ts";
import { Wallet } from "../test/harness/wallet.ts";
import { fail } from "./cli.ts";

const USAGE = `Usage: npm run wallets -- --homeserver URL --support @support:NAME [options]

  --homeserver URL            the wallets' homeserver (e.g. http://127.0.0.1:8008)
  --support USER_ID           the support account the wallets invite (e.g. @support:localhost:8008)
  --count N                   how many wallets (default 1)
  --plaintext                 behave like today's AltMe builds: no encryption at all
  --image FILE                also send this image (PNG, JPEG, GIF or WebP)
  --message TEXT              the first message (default: a realistic question)
  --chat-every SECONDS        keep chatting: send another message every SECONDS
  --notification-room ROOM    join the provider's notification room (#alias:server or !id) and print broadcasts
  --registration-secret S     register through the admin API (otherwise open registration is used)
  --exit-after SECONDS        stop after SECONDS (default: run until Ctrl-C)`;

const QUESTIONS = [
  "Hello, my diploma credential does not show up after scanning the QR code.",
  "Hi! The wallet asks for a PIN I never set. What should I do?",
  "Bonjour, je n'arrive pas à présenter mon attestation à la banque.",
  "My identity credential expired yesterday, how do I renew it?",
  "The verifier says my signature is invalid. Can you help?",
];
const FOLLOW_UPS = [
  "Any news?",
  "I tried again, same error.",
  "Thanks, it works now!",
  "Here is more detail: it fails at the last step.",
];

function parse() {
  try {
    return parseArgs({
      options: {
        homeserver: { type: "string" },
        support: { type: "string" },
        count: { type: "string", default: "1" },
        plaintext: { type: "boolean", default: false },
        image: { type: "string" },
        message: { type: "string" },
        "chat-every": { type: "string" },
        "notification-room": { type: "string" },
        "registration-secret": { type: "string" },
        "exit-after": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    return fail(`${(err as Error).message} (see --help)`);
  }
}

function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, not "${value}"`);
  return n;
}

const args = parse();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.homeserver) fail("--homeserver is required (see --help)");
if (!args.support) fail("--support is required (see --help)");
if (!/^https?:\/\/[^/\s]+/.test(args.homeserver))
  fail(`--homeserver must be an http(s) URL, not "${args.homeserver}"`);
if (!/^@[a-z0-9._=\-/+]+:[a-zA-Z0-9.-]+(:\d+)?$/.test(args.support)) {
  fail(`--support must be a Matrix user ID like @support:example.org, not "${args.support}"`);
}
const notificationRoom = args["notification-room"];
if (notificationRoom && !/^[#!][^:\s]+:[^\s]+$/.test(notificationRoom)) {
  fail(
    `--notification-room must be a room alias (#news:example.org) or ID (!abc:example.org), not "${notificationRoom}"`,
  );
}
const count = positiveNumber("count", args.count)!;
if (!Number.isInteger(count)) fail(`--count must be a whole number, not "${args.count}"`);
const chatEvery = positiveNumber("chat-every", args["chat-every"]);
const exitAfter = positiveNumber("exit-after", args["exit-after"]);
const homeserverUrl = args.homeserver.replace(/\/+$/, "");

let image: { bytes: Uint8Array; mime: string; name: string } | undefined;
if (args.image) {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(args.image));
  } catch (err) {
    fail(
      `cannot read --image ${args.image}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const mime = sniffImageType(bytes);
  if (!mime) fail(`--image ${args.image} is not a PNG, JPEG, GIF or WebP file`);
  image = { bytes, mime, name: basename(args.image) };
}

try {
  const res = await fetch(`${homeserverUrl}/_matrix/client/versions`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok)
    fail(`${homeserverUrl} is not a Matrix homeserver (HTTP ${res.status} on /_matrix/client/versions)`);
  await res.json().catch(() => fail(`${homeserverUrl} is not a Matrix homeserver (its answer is not JSON)`));
} catch (err) {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if ((err as Error).name === "TimeoutError")
    fail(`cannot reach the homeserver at ${homeserverUrl} (no answer in 5 s)`);
  fail(
    `cannot reach the homeserver at ${homeserverUrl} (${cause?.code ?? cause?.message ?? (err as Error).message})`,
  );
}

const shape = args.plaintext ? "plaintext" : "e2ee";
const wallets: Wallet[] = [];
const timers: NodeJS.Timeout[] = [];
const say = (line: string) => console.log(line);

async function runWallet(index: number): Promise<void> {
  const wallet = await Wallet.create({
    homeserverUrl,
    support: args.support!,
    shape,
    registrationSecret: args["registration-secret"],
    log: say,
  });
  wallets.push(wallet);
  const roomId = await wallet.startSupportChat();
  say(
    `${wallet.label} [${shape}] ${wallet.userId} opened a support chat (${roomId}) and invited ${args.support}`,
  );
  if (notificationRoom) await wallet.joinNotificationRoom(notificationRoom);
  const first = args.message ?? QUESTIONS[index % QUESTIONS.length]!;
  await wallet.sendText(first);
  say(`${wallet.label}: sent "${first}"`);
  if (image) {
    await wallet.sendImage(image.bytes, image.mime, image.name);
    say(
      `${wallet.label}: sent image ${image.name} (${image.bytes.byteLength} bytes, ${shape === "e2ee" ? "encrypted" : "plain url"})`,
    );
  }
  if (chatEvery) {
    let n = 0;
    timers.push(
      setInterval(() => {
        const text = FOLLOW_UPS[n++ % FOLLOW_UPS.length]!;
        wallet.sendText(text).then(
          () => say(`${wallet.label}: sent "${text}"`),
          (err: Error) => say(`${wallet.label}: could not send (${err.message}); will try again`),
        );
      }, chatEvery * 1000),
    );
  }
}

let stopping = false;
function stop(reason: string, code = 0): void {
  if (stopping) return;
  stopping = true;
  say(reason);
  timers.forEach(clearInterval);
  wallets.forEach((w) => w.stop());
  process.exit(code);
}
process.on("SIGINT", () => stop("Stopping the wallets."));
process.on("SIGTERM", () => stop("Stopping the wallets."));

say(
  `Starting ${count} ${shape} wallet${count === 1 ? "" : "s"} on ${homeserverUrl}, inviting ${args.support}…`,
);
// A few at a time: each wallet registers, syncs and (for e2ee) uploads keys.
const parallel = 8;
let next = 0;
const failures: string[] = [];
await Promise.all(
  Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) {
      const index = next++;
      await runWallet(index).catch((err: Error) => failures.push(err.message));
    }
  }),
);
if (failures.length === count) stop(`error: no wallet could start: ${failures[0]}`, 1);
if (failures.length) say(`${failures.length} wallet(s) failed to start: ${failures[0]}`);
say(
  `${wallets.length} wallet(s) running. Replies from support appear below${exitAfter ? "" : "; Ctrl-C to stop"}.`,
);
if (exitAfter) setTimeout(() => stop(`Stopping after ${exitAfter} s.`), exitAfter * 1000);
