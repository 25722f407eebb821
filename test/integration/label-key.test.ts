// The team's label key against the real Synapse and real rust crypto: the account's first console creates it in
// secret storage while recovery is set up; a second console (another device of the same account) has none —
// its labels are provisional — until the agent enters the recovery key, then reads the same key, so both label
// every wallet alike. From the wallet's side: the key is nowhere it can read.
import { afterAll, describe, expect, it } from "vitest";
import { keyedLabel, labelFor } from "../../renderer/core/labels.ts";
import { encodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import { MemorySecretStore } from "../../renderer/core/platform/memory.ts";
import {
  LABEL_KEY_SECRET,
  LabelKey,
  localLabelKeyName,
} from "../../renderer/core/wallet-labels/label-key.ts";
import { newWallet, testHomeserver } from "../harness/accounts.ts";
import { deskOf, rowFor, signedInConsole, type TestConsole } from "../harness/console.ts";
import { waitFor } from "../harness/wait.ts";

const stops: Array<() => void> = [];
afterAll(() => stops.reverse().forEach((s) => s()));

async function consoleFor(account?: TestConsole["account"]): Promise<TestConsole> {
  const c = await signedInConsole({}, account);
  stops.push(() => void c.console.stop());
  return c;
}

function labelKeyOf(c: TestConsole): Uint8Array | null {
  return deskOf(c.console).labelKey.key.get();
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

describe("the label key, shared through secret storage", () => {
  let first: TestConsole;
  let second: TestConsole;
  let recoveryKey = "";

  it("is created by the account's first device while it sets recovery up, and kept on that device", async () => {
    first = await consoleFor();
    const recovery = deskOf(first.console).recovery;
    const view = await waitFor(
      "the first device to show its recovery key",
      () => {
        const v = recovery.view.get();
        return v.state === "show-key-once" ? v : null;
      },
      { timeoutMs: 60_000 },
    );
    recoveryKey = view.recoveryKey!;
    const key = labelKeyOf(first);
    expect(key).toHaveLength(32);
    // The device's own copy (platform secret store) survives a restart without the recovery key.
    expect(await first.platform.secrets.get(`label-key:${first.account.userId}`)).toBe(b64(key!));
    await recovery.confirmStored();
  });

  it("is missing on a second device until the recovery key is entered: labels are provisional meanwhile", async () => {
    second = await consoleFor(first.account);
    const recovery = deskOf(second.console).recovery;
    await waitFor(
      "the second device to ask for the recovery key",
      () => recovery.view.get().state === "needs-key",
      {
        timeoutMs: 60_000,
      },
    );
    expect(labelKeyOf(second)).toBeNull();
    expect(labelFor(labelKeyOf(second), "@w:example.org").provisional).toBe(true);

    await recovery.useRecoveryKey(recoveryKey);
    const key = await waitFor("the second device's label key", () => labelKeyOf(second));
    expect(b64(key)).toBe(b64(labelKeyOf(first)!));
    expect(await second.platform.secrets.get(`label-key:${second.account.userId}`)).toBe(b64(key));
  });

  it("reaches a device that is set up but has no copy, once the agent enters the recovery key again", async () => {
    const recovery = deskOf(second.console).recovery;
    expect(recovery.view.get().state).toBe("ready");
    // A device set up before labels were keyed: ready, but with no copy of the key (a fresh local store).
    const late = new LabelKey(new MemorySecretStore(), second.account.userId);
    const stop = recovery.whileUnlocked((storage) => late.withSecretStorage(storage));
    try {
      await expect(recovery.openSecretStorage("not a key")).rejects.toMatchObject({
        kind: "not-a-recovery-key",
      });
      const another = encodeRecoveryKey(new Uint8Array(32).fill(9))!;
      await expect(recovery.openSecretStorage(another)).rejects.toMatchObject({ kind: "wrong-recovery-key" });
      expect(late.key.get()).toBeNull();

      await recovery.openSecretStorage(recoveryKey);
      expect(b64(late.key.get()!)).toBe(b64(labelKeyOf(first)!));
      // Nothing else moved: still set up, nothing busy, no error for the recovery steps to show.
      expect(recovery.view.get()).toMatchObject({ state: "ready", busy: null, error: null });
    } finally {
      stop();
    }
  });

  it("gives one wallet the same keyed label on both devices, and the wallet can't read the key", async () => {
    const wallet = await newWallet(first.account.userId, "e2ee");
    stops.push(() => wallet.stop());
    const roomId = await wallet.startSupportChat();
    await wallet.sendText("Hello, two devices?");
    const rowA = await waitFor("the row on the first device", () => rowFor(first.console, roomId), {
      timeoutMs: 60_000,
    });
    const rowB = await waitFor("the row on the second device", () => rowFor(second.console, roomId), {
      timeoutMs: 60_000,
    });
    // What each device's inbox shows: the same keyed label, computed on each side from its own copy of the key.
    const expected = keyedLabel(labelKeyOf(first)!, wallet.userId);
    expect(rowA).toMatchObject({
      label: expected.text,
      hue: expected.hue,
      ext: { walletLabel: { provisional: false } },
    });
    expect(rowB).toMatchObject({
      label: expected.text,
      hue: expected.hue,
      ext: { walletLabel: { provisional: false } },
    });
    expect(labelFor(labelKeyOf(second), rowB.walletUserId)).toEqual(expected);
    const labelA = expected;

    // The secret on the server is the support account's own, encrypted (no key bytes in it).
    const hs = testHomeserver().url;
    const supportId = encodeURIComponent(first.account.userId);
    const own = await fetch(`${hs}/_matrix/client/v3/user/${supportId}/account_data/${LABEL_KEY_SECRET}`, {
      headers: { authorization: `Bearer ${first.account.accessToken}` },
    });
    const stored = await own.text();
    expect(own.status).toBe(200);
    expect(stored).toContain('"encrypted"');
    expect(stored).not.toContain(b64(labelKeyOf(first)!));

    // The wallet can't read another account's account data, and nothing it syncs carries the key or its name.
    const token = wallet.client.getAccessToken()!;
    const asWallet = await fetch(
      `${hs}/_matrix/client/v3/user/${supportId}/account_data/${LABEL_KEY_SECRET}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(asWallet.status).toBe(403);
    const sync = await (
      await fetch(`${hs}/_matrix/client/v3/sync?timeout=0`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(sync).toContain(roomId); // the wallet's full view, including its support room
    expect(sync).not.toContain(LABEL_KEY_SECRET);
    expect(sync).not.toContain(b64(labelKeyOf(first)!));
    expect(sync).not.toContain(labelA.code);
  });

  it("leaves a device when the agent signs out there; the account's copy stays for the other devices", async () => {
    const name = localLabelKeyName(first.account.userId);
    await first.console.signOut();
    expect(await first.platform.secrets.get(name)).toBeNull();
    expect(await second.platform.secrets.get(name)).not.toBeNull();
    const hs = testHomeserver().url;
    const stored = await fetch(
      `${hs}/_matrix/client/v3/user/${encodeURIComponent(second.account.userId)}/account_data/${LABEL_KEY_SECRET}`,
      { headers: { authorization: `Bearer ${second.account.accessToken}` } },
    );
    expect(stored.status).toBe(200);
  });
});
