// `npm run demo`: a live local inbox in one command. Starts Synapse, creates the support account and a
// protected notification room, starts simulated AltMe wallets of both shapes (some with images, some that keep
// chatting), and opens the console with a one-time sign-in link (the console asks "Sign in as @support…?"
// first, as for any link it did not start; encryption is set up at sign-in): in Electron where its binary
// exists, otherwise served on http://127.0.0.1:PORT.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { AdminConfig } from "../contract/index.ts";
import { createQuickWallet } from "../test/harness/fixtures.ts";
import { supportWithNewsRoom } from "../test/harness/support-account.ts";
import { freePort, startHomeserver, type Homeserver } from "../test/harness/homeserver.ts";
import { cacheRoot, HomeserverUnavailable } from "../test/harness/synapse-chroot.ts";
import { Wallet, type WalletShape } from "../test/harness/wallet.ts";
import { loadAdminConfig } from "./admin-config.ts";
import { fail } from "./cli.ts";
import { demoCardPng } from "./demo-image.ts";
import { findElectronBinary } from "./electron-binary.ts";
import { startWebServer } from "./web-server.ts";

const USAGE = `Usage: npm run demo -- [--port PORT] [--web-port PORT] [--wallets N] [--web]

Starts a local homeserver, a support account, a notification room and N simulated wallets (default 6), then
opens the console with a one-click sign-in link (Electron if installed, otherwise the web build; --web forces the web build).`;

let args;
try {
  args = parseArgs({
    options: {
      port: { type: "string" },
      "web-port": { type: "string", default: "8080" },
      wallets: { type: "string", default: "6" },
      web: { type: "boolean", default: false },
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
const walletCount = Number(args.wallets);
if (!Number.isInteger(walletCount) || walletCount < 2 || walletCount > 50)
  fail("--wallets must be a whole number from 2 to 50");
const webPort = Number(args["web-port"]);
if (!Number.isInteger(webPort) || webPort < 0 || webPort > 65535)
  fail(`--web-port must be a port number, not "${args["web-port"]}"`);

const say = (line: string) => console.log(line);
const started = Date.now();
const dataDir = join(cacheRoot(), "demo");
rmSync(dataDir, { recursive: true, force: true });
const port = args.port ? Number(args.port) : await freePort();

say("Starting the demo homeserver…");
const hs: Homeserver = await startHomeserver({
  port,
  serverName: `localhost:${port}`,
  dataDir,
  log: say,
}).catch((err: Error) =>
  fail(err instanceof HomeserverUnavailable ? err.message : `Could not start the homeserver: ${err.message}`),
);

const password = `demo-${Math.random().toString(36).slice(2, 10)}`;
const { support, news } = await supportWithNewsRoom(hs, password);
say(`Support account ${support.userId} and notification room ${news.alias} ready.`);

const base = await loadAdminConfig();
const config: AdminConfig = {
  ...base,
  brand: { name: "Talao Support (demo)" },
  homeserverUrl: hs.url,
  supportUserId: support.userId,
  notificationRoom: news.alias,
  allowUnencryptedReplies: true,
};

// A one-time sign-in link, minted from the support session (MSC3882), which the console asks about ("Sign in as …?") before using it.
const tokenRes = await fetch(`${hs.url}/_matrix/client/v1/login/get_token`, {
  method: "POST",
  headers: { authorization: `Bearer ${support.accessToken}`, "content-type": "application/json" },
  body: "{}",
});
const { login_token: loginToken } = (await tokenRes.json()) as { login_token?: string };

const wallets: Wallet[] = [];
const timers: NodeJS.Timeout[] = [];
const card = demoCardPng();
const QUESTIONS = [
  "Hello, my diploma credential does not show up after scanning the QR code.",
  "Bonjour, je n'arrive pas à présenter mon attestation à la banque.",
  "The verifier says my signature is invalid. Can you help?",
  "My identity credential expired yesterday, how do I renew it?",
  "Hi! The wallet asks for a PIN I never set. What should I do?",
  "Is my data stored on your servers?",
];
const FOLLOW_UPS = [
  "Any news?",
  "I tried again, same error.",
  "Thanks, it works now!",
  "Here is a screenshot of the error.",
];

async function startWallet(index: number, shape: WalletShape): Promise<void> {
  const wallet = await Wallet.create({
    homeserverUrl: hs.url,
    support: support.userId,
    shape,
    registrationSecret: hs.registrationSecret,
    log: say,
  });
  wallets.push(wallet);
  await wallet.startSupportChat();
  await wallet.joinNotificationRoom(news.alias);
  await wallet.sendText(QUESTIONS[index % QUESTIONS.length]!);
  if (index % 3 === 0) await wallet.sendImage(card, "image/png", "credential-error.png");
  say(`  ${wallet.label} [${shape}] opened a conversation`);
  if (index < 2) {
    let n = 0;
    timers.push(
      setInterval(
        () => void wallet.sendText(FOLLOW_UPS[n++ % FOLLOW_UPS.length]!).catch(() => {}),
        40_000 + index * 7_000,
      ),
    );
  }
}

// Today's AltMe wallets (no encryption) can start at once.
const plaintextCount = Math.ceil(walletCount / 2);
await Promise.all(Array.from({ length: plaintextCount }, (_, i) => startWallet(i * 2 + 1, "plaintext")));
// A group room from someone else: the console holds it under "Other invites" instead of joining it.
await createQuickWallet(
  { homeserverUrl: hs.url, registrationSecret: hs.registrationSecret, support: support.userId },
  { is_direct: false, name: "Partner team room" },
);

const web = await startWebServer({ config, port: webPort }).catch((err: NodeJS.ErrnoException) =>
  fail(
    err.code === "EADDRINUSE"
      ? `port ${webPort} is already in use; pick another with --web-port`
      : err.message,
  ),
);
// In the query (not the fragment), where the sign-in screen reads answers: a link the console did not start is
// shown as "Sign in as @support:…?" and signs in once the agent accepts.
const link = `${web.url}/?loginToken=${encodeURIComponent(loginToken ?? "")}`;
const electron = args.web ? null : findElectronBinary(resolve(import.meta.dirname, ".."));
say("");
say(`Demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
if (electron) {
  const profile = join(dataDir, "electron-profile");
  mkdirSync(profile, { recursive: true });
  writeFileSync(join(profile, "config.json"), JSON.stringify(config, null, 2));
  const deepLink = `wallet-support-console://sign-in/callback?loginToken=${encodeURIComponent(loginToken ?? "")}`;
  spawn(electron, [resolve(import.meta.dirname, ".."), `--profile-dir=${profile}`, deepLink], {
    stdio: "inherit",
  });
  say('Opening the desktop console: accept "Sign in as …?" to start.');
} else {
  say(`Open the console and accept "Sign in as ${support.userId}?": ${link}`);
  say(args.web ? "" : "(Electron is not installed here, so the console runs as the web build.)");
}
say(`Sign in again later as ${support.userId} with password ${password} (homeserver ${hs.url}).`);
say(
  "Encrypted wallets start once the console has signed in (they share their keys with its device). Ctrl-C stops everything.",
);

// E2EE wallets encrypt for the devices support has when they send: wait for the console's device.
void (async () => {
  for (;;) {
    const res = await fetch(`${hs.url}/_matrix/client/v3/keys/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${support.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ device_keys: { [support.userId]: [] } }),
    }).catch(() => null);
    const devices = res?.ok
      ? Object.keys(
          ((await res.json()) as { device_keys: Record<string, object> }).device_keys[support.userId] ?? {},
        )
      : [];
    if (devices.length > 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  say("The console is signed in; starting encrypted wallets…");
  await Promise.all(
    Array.from({ length: walletCount - plaintextCount }, (_, i) => startWallet(i * 2, "e2ee")),
  );
})();

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("\nStopping the demo…");
  timers.forEach(clearInterval);
  wallets.forEach((w) => w.stop());
  await web.close();
  await hs.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
