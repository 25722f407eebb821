// Builds a benchmark fixture: a Synapse holding N AltMe-shaped wallet conversations that the support account has
// joined, each with a few wallet messages (5% of them real megolm ciphertext from E2EE wallets, spread through the
// inbox; most of it in the key backup a first agent device set up), and a protected notification room every
// wallet joined. At 10,000 conversations this takes an hour on a quiet 2-core machine and many more on a busy
// one, so the build is resumable: its state is saved next to the half-built server, and running it again
// carries on from the conversations already there (finishing any that were half made).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createQuickWallet } from "../harness/fixtures.ts";
import { startHomeserver, type Homeserver } from "../harness/homeserver.ts";
import { supportWithNewsRoom } from "../harness/support-account.ts";
import { Wallet } from "../harness/wallet.ts";
import { FixtureAgent } from "./fixture-agent.ts";
import {
  finishBackgroundUpdates,
  FIXTURE_VERSION,
  fixtureDir,
  savedFixture,
  SERVER_NAME,
  type FixtureManifest,
} from "./fixture.ts";
import { call } from "./http.ts";

const E2EE_SHARE = 0.05;
const PARALLEL = 8;
/** The share of conversations created before the first agent device (their E2EE history is in no backup). */
const BEFORE_AGENT_SHARE = 0.2;
/** How many plaintext wallets keep their access token in the manifest (they send during the benchmark). */
const SAVED_WALLETS = 24;
const STATE_FILE = "build-state.json";

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

/** What a half-built fixture needs to be carried on (saved in its directory). */
interface BuildState {
  password: string;
  news: { roomId: string; alias: string };
  wallets: FixtureManifest["wallets"];
  /** Set once the first agent device has set recovery up. */
  recoveryKey: string | null;
  /** Build time spent by earlier attempts. */
  seconds: number;
}

function messagesFor(i: number): string[] {
  const out = [QUESTIONS[i % QUESTIONS.length]!];
  for (let k = 0; k < 1 + (i % 3); k++) out.push(FOLLOW_UPS[(i + k) % FOLLOW_UPS.length]!);
  return out;
}

/** Runs `task(i)` for i in [from, to) with `parallel` workers. */
async function pool(from: number, to: number, parallel: number, task: (i: number) => Promise<void>) {
  let next = from;
  await Promise.all(
    Array.from({ length: Math.max(0, Math.min(parallel, to - from)) }, async () => {
      while (next < to) await task(next++);
    }),
  );
}

/** Builds the fixture for `rooms` conversations (or finishes a half-built one) and returns its manifest. */
export async function ensureFixture(rooms: number, log: (line: string) => void): Promise<FixtureManifest> {
  const saved = savedFixture(rooms);
  if (saved) return saved;
  const dir = fixtureDir(rooms);
  const partial = `${dir}.partial`;
  const stateFile = join(partial, STATE_FILE);
  const resuming = existsSync(stateFile);
  if (!resuming) {
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
  }
  const started = Date.now();
  log(`${resuming ? "Carrying on building" : "Building"} the ${rooms}-conversation fixture in ${dir}…`);
  // Synapse logs warnings only while building: the access log of a million requests is CPU it does not need.
  const hs = await startHomeserver({
    dataDir: partial,
    serverName: SERVER_NAME,
    logLevel: "WARNING",
    readyTimeoutMs: 15 * 60_000,
  });
  // Stopping the build (Ctrl-C, SIGTERM) stops its Synapse too, so the next run can carry on from here.
  const pause = (signal: NodeJS.Signals) => {
    log(`Stopped by ${signal}; run the same command again to carry on.`);
    void hs.stop().then(() => process.exit(130));
  };
  process.once("SIGINT", pause);
  process.once("SIGTERM", pause);
  try {
    const state = resuming ? (JSON.parse(readFileSync(stateFile, "utf8")) as BuildState) : null;
    const manifest = await populate(
      hs,
      rooms,
      state,
      (s) => writeFileSync(stateFile, JSON.stringify(s)),
      log,
    );
    await hs.stop();
    await finishBackgroundUpdates(partial, SERVER_NAME, log);
    manifest.buildSeconds = (state?.seconds ?? 0) + Math.round((Date.now() - started) / 1000);
    writeFileSync(join(partial, "manifest.json"), JSON.stringify(manifest, null, 2));
    rmSync(stateFile);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    log(`Fixture of ${rooms} conversations built in ${manifest.buildSeconds} s.`);
    return manifest;
  } catch (err) {
    await hs.kill();
    throw err;
  } finally {
    process.off("SIGINT", pause);
    process.off("SIGTERM", pause);
  }
}

async function populate(
  hs: Homeserver,
  rooms: number,
  saved: BuildState | null,
  persist: (state: BuildState) => void,
  log: (line: string) => void,
): Promise<FixtureManifest> {
  const started = Date.now();
  let state: BuildState;
  let supportToken: string;
  if (saved) {
    state = saved;
    supportToken = (await login(hs.url, `@support:${SERVER_NAME}`, state.password)).access_token;
  } else {
    const password = randomBytes(12).toString("base64url");
    const { support, news } = await supportWithNewsRoom(hs, password);
    supportToken = support.accessToken;
    state = {
      password,
      news: { roomId: news.roomId, alias: news.alias },
      wallets: [],
      recoveryKey: null,
      seconds: 0,
    };
    persist(state);
  }
  const supportId = `@support:${SERVER_NAME}`;
  const join = (token: string, roomIdOrAlias: string) =>
    call(hs.url, token, "POST", `/_matrix/client/v3/join/${encodeURIComponent(roomIdOrAlias)}`, {});
  const save = () =>
    persist({ ...state, seconds: (saved?.seconds ?? 0) + Math.round((Date.now() - started) / 1000) });

  // Carrying on: the conversations support already joined are done; those a wallet had created when the last
  // attempt stopped (support still invited) are finished by joining them.
  let done = 0;
  if (saved) {
    for (const roomId of await pendingInvites(hs.url, supportToken)) await join(supportToken, roomId);
    const joined = await call<{ joined_rooms: string[] }>(
      hs.url,
      supportToken,
      "GET",
      "/_matrix/client/v3/joined_rooms",
    );
    done = joined.joined_rooms.filter((id) => id !== state.news.roomId).length;
    log(`  ${done} conversations already there`);
  }

  const e2eeRooms = Math.round(rooms * E2EE_SHARE);
  // Every (1/E2EE_SHARE)th conversation is an E2EE one, so they are spread through the inbox (some on the
  // first screen) rather than bunched at one end.
  const e2eeEvery = Math.max(1, Math.round(rooms / Math.max(1, e2eeRooms)));
  const isE2ee = (i: number) => i % e2eeEvery === e2eeEvery - 1 && Math.floor(i / e2eeEvery) < e2eeRooms;
  const beforeAgent = Math.round(rooms * BEFORE_AGENT_SHARE);
  let built = done;
  let lastReport = Date.now();
  const progress = () => {
    built++;
    if (Date.now() - lastReport > 30_000 || built === rooms) {
      lastReport = Date.now();
      const rate = (built - done) / ((Date.now() - started) / 1000);
      log(
        `  ${built}/${rooms} conversations (${rate.toFixed(2)}/s, ~${Math.round((rooms - built) / rate)} s left)`,
      );
      save();
    }
  };

  // Today's AltMe: the wallet creates the room, invites support and writes plaintext; support joins it; the
  // wallet joins the provider's notification room.
  const plainRoom = async (i: number) => {
    const wallet = await createQuickWallet({
      homeserverUrl: hs.url,
      registrationSecret: hs.registrationSecret,
      support: supportId,
      messages: messagesFor(i),
    });
    await join(supportToken, wallet.roomId);
    await join(wallet.accessToken, state.news.alias);
    if (state.wallets.length < SAVED_WALLETS)
      state.wallets.push({ userId: wallet.userId, accessToken: wallet.accessToken, roomId: wallet.roomId });
  };
  // Older AltMe builds with E2EE: real megolm messages, encrypted for the support devices of the time. Before
  // the first agent device existed nobody got their keys (history no device can read); after, the agent got
  // them and backed them up, so a new device reads them once it has the recovery key.
  const e2eeRoom = async (i: number) => {
    const wallet = await Wallet.create({
      homeserverUrl: hs.url,
      registrationSecret: hs.registrationSecret,
      support: supportId,
      shape: "e2ee",
    });
    try {
      const roomId = await wallet.startSupportChat();
      for (const body of messagesFor(i).slice(0, 2)) await wallet.sendText(body);
      await join(supportToken, roomId);
      await join(wallet.client.getAccessToken()!, state.news.alias);
    } finally {
      wallet.stop();
    }
  };
  const build = (from: number, to: number) =>
    pool(from, to, PARALLEL, async (i) => {
      await (isE2ee(i) ? e2eeRoom(i) : plainRoom(i));
      progress();
    });

  await build(done, beforeAgent);
  // The agent device keeps the keys it receives only in memory: carrying on needs a new one, which unlocks the
  // backup with the recovery key (keys sent to the lost device meanwhile are in no backup, like older history).
  const agent = state.recoveryKey
    ? await FixtureAgent.rejoin(hs.url, supportId, state.password, state.recoveryKey)
    : await FixtureAgent.start(hs.url, supportId, state.password);
  state.recoveryKey = agent.recoveryKey;
  save();
  let backedUp: number;
  try {
    const before = await agent.backedUp();
    await build(Math.max(done, beforeAgent), rooms);
    let expected = 0;
    for (let i = Math.max(done, beforeAgent); i < rooms; i++) if (isE2ee(i)) expected++;
    log(`  waiting for the first agent device to back up ${expected} more message keys…`);
    backedUp = await agent.waitForBackup(before + expected, log);
  } finally {
    agent.stop();
  }
  save();
  return {
    version: FIXTURE_VERSION,
    rooms,
    e2eeRooms,
    backedUpSessions: backedUp,
    recoveryKey: agent.recoveryKey,
    serverName: SERVER_NAME,
    support: { userId: supportId, password: state.password },
    notificationRoom: state.news,
    wallets: state.wallets,
    buildSeconds: 0,
    builtAt: new Date().toISOString(),
  };
}

async function login(baseUrl: string, userId: string, password: string): Promise<{ access_token: string }> {
  return call(baseUrl, null, "POST", "/_matrix/client/v3/login", {
    type: "m.login.password",
    identifier: { type: "m.id.user", user: userId },
    password,
    initial_device_display_name: "bench fixture builder",
  });
}

/** Rooms support is invited to (wallets that created their room before the last attempt stopped). */
async function pendingInvites(baseUrl: string, token: string): Promise<string[]> {
  const res = await call<{ rooms?: Record<string, unknown> }>(
    baseUrl,
    token,
    "POST",
    "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync?timeout=0",
    {
      conn_id: "fixture-build",
      lists: {
        invites: { ranges: [[0, 999]], timeline_limit: 0, required_state: [], filters: { is_invite: true } },
      },
    },
  );
  return Object.keys(res.rooms ?? {});
}
