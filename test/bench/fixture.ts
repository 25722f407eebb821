// The benchmark's homeserver fixtures: a Synapse holding N AltMe-shaped wallet conversations that the support
// account has joined, each with a few wallet messages (5% of them real megolm ciphertext from E2EE wallets),
// and a protected notification room every wallet joined. Building takes minutes to an hour, so each size is
// built once, saved under the cache, and every benchmark run starts Synapse on a fresh copy of it (nothing a
// run does — devices, rooms, messages — leaks into the next run).
import { randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createQuickWallet, type QuickWallet } from "../harness/fixtures.ts";
import { startHomeserver, type Homeserver } from "../harness/homeserver.ts";
import { supportWithNewsRoom } from "../harness/support-account.ts";
import { cacheRoot } from "../harness/synapse-chroot.ts";
import { Wallet } from "../harness/wallet.ts";
import { call } from "./http.ts";

/** Bump when what a fixture contains changes, so saved copies are rebuilt rather than trusted. */
export const FIXTURE_VERSION = "1";
/** The server name is baked into every ID in the database; the port is not part of it, so any port works. */
const SERVER_NAME = "bench.test";
const E2EE_SHARE = 0.05;
const PARALLEL = 8;
const PARALLEL_E2EE = 3;
/** How many plaintext wallets keep their access token in the manifest (they send during the benchmark). */
const SAVED_WALLETS = 24;

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
  "Thanks!",
  "It is urgent, my bank needs it today.",
];

export interface FixtureManifest {
  version: string;
  rooms: number;
  e2eeRooms: number;
  serverName: string;
  support: { userId: string; password: string };
  notificationRoom: { roomId: string; alias: string };
  /** Plaintext wallets (AltMe today) whose tokens the benchmark uses to send into existing conversations. */
  wallets: Array<Pick<QuickWallet, "userId" | "accessToken" | "roomId">>;
  buildSeconds: number;
  builtAt: string;
}

export interface RunningFixture {
  hs: Homeserver;
  manifest: FixtureManifest;
  /** Stops Synapse and deletes the copy. */
  dispose(): Promise<void>;
}

export function fixtureDir(rooms: number): string {
  return join(cacheRoot(), "bench", `rooms-${rooms}-v${FIXTURE_VERSION}`);
}

export function savedFixture(rooms: number): FixtureManifest | null {
  const file = join(fixtureDir(rooms), "manifest.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as FixtureManifest) : null;
}

function messagesFor(i: number): string[] {
  const out = [QUESTIONS[i % QUESTIONS.length]!];
  for (let k = 0; k < 1 + (i % 3); k++) out.push(FOLLOW_UPS[(i + k) % FOLLOW_UPS.length]!);
  return out;
}

/** Runs `task(i)` for i in [0, count) with `parallel` workers, reporting progress now and then. */
async function pool(count: number, parallel: number, task: (i: number) => Promise<void>, onDone: () => void) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        await task(i);
        onDone();
      }
    }),
  );
}

/** Builds the fixture for `rooms` conversations (if it is not saved yet) and returns its manifest. */
export async function ensureFixture(rooms: number, log: (line: string) => void): Promise<FixtureManifest> {
  const saved = savedFixture(rooms);
  if (saved) return saved;
  const dir = fixtureDir(rooms);
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const started = Date.now();
  log(`Building the ${rooms}-conversation fixture in ${dir} (once per machine)…`);
  const hs = await startHomeserver({ dataDir: partial, serverName: SERVER_NAME });
  try {
    const manifest = await populate(hs, rooms, log);
    manifest.buildSeconds = Math.round((Date.now() - started) / 1000);
    await hs.stop();
    writeFileSync(join(partial, "manifest.json"), JSON.stringify(manifest, null, 2));
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    log(`Fixture of ${rooms} conversations built in ${manifest.buildSeconds} s.`);
    return manifest;
  } catch (err) {
    await hs.kill();
    throw err;
  }
}

async function populate(
  hs: Homeserver,
  rooms: number,
  log: (line: string) => void,
): Promise<FixtureManifest> {
  const password = randomBytes(12).toString("base64url");
  const { support, news } = await supportWithNewsRoom(hs, password);
  const join = (token: string, roomIdOrAlias: string) =>
    call(hs.url, token, "POST", `/_matrix/client/v3/join/${encodeURIComponent(roomIdOrAlias)}`, {});

  const e2eeRooms = Math.round(rooms * E2EE_SHARE);
  const plainRooms = rooms - e2eeRooms;
  const wallets: FixtureManifest["wallets"] = [];
  let done = 0;
  let lastReport = Date.now();
  const started = Date.now();
  const progress = () => {
    done++;
    if (Date.now() - lastReport > 30_000 || done === rooms) {
      lastReport = Date.now();
      const rate = done / ((Date.now() - started) / 1000);
      log(
        `  ${done}/${rooms} conversations (${rate.toFixed(1)}/s, ~${Math.round((rooms - done) / rate)} s left)`,
      );
    }
  };

  // Today's AltMe: the wallet creates the room, invites support and writes plaintext; support joins it; the
  // wallet joins the provider's notification room.
  await pool(
    plainRooms,
    PARALLEL,
    async (i) => {
      const wallet = await createQuickWallet({
        homeserverUrl: hs.url,
        registrationSecret: hs.registrationSecret,
        support: support.userId,
        messages: messagesFor(i),
      });
      await join(support.accessToken, wallet.roomId);
      await join(wallet.accessToken, news.alias);
      if (wallets.length < SAVED_WALLETS)
        wallets.push({ userId: wallet.userId, accessToken: wallet.accessToken, roomId: wallet.roomId });
    },
    progress,
  );
  // Older AltMe builds with E2EE: real megolm messages. They are encrypted for the devices support had then
  // (none with keys), so a console signing in later sees them as history it cannot decrypt — as an agent on a
  // new device without key backup would.
  await pool(
    e2eeRooms,
    PARALLEL_E2EE,
    async (i) => {
      const wallet = await Wallet.create({
        homeserverUrl: hs.url,
        registrationSecret: hs.registrationSecret,
        support: support.userId,
        shape: "e2ee",
      });
      try {
        const roomId = await wallet.startSupportChat();
        for (const body of messagesFor(i).slice(0, 2)) await wallet.sendText(body);
        await join(support.accessToken, roomId);
        await join(wallet.client.getAccessToken()!, news.alias);
      } finally {
        wallet.stop();
      }
    },
    progress,
  );
  return {
    version: FIXTURE_VERSION,
    rooms,
    e2eeRooms,
    serverName: SERVER_NAME,
    support: { userId: support.userId, password },
    notificationRoom: { roomId: news.roomId, alias: news.alias },
    wallets,
    buildSeconds: 0,
    builtAt: new Date().toISOString(),
  };
}

/** Starts Synapse on a fresh copy of the saved fixture. */
export async function runFixture(rooms: number): Promise<RunningFixture> {
  const manifest = savedFixture(rooms);
  if (!manifest) throw new Error(`No saved fixture for ${rooms} conversations; build it first`);
  const copy = mkdtempSync(join(tmpdir(), `wsc-bench-${rooms}-`));
  cpSync(fixtureDir(rooms), copy, { recursive: true });
  const hs = await startHomeserver({ dataDir: copy, serverName: manifest.serverName });
  return {
    hs,
    manifest,
    dispose: async () => {
      await hs.stop();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}
