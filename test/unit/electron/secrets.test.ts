import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decideSecretStorage, passwordStoreSwitch } from "../../../electron/secrets-policy.ts";
import { openSecretStore, readSavedBackend } from "../../../electron/secrets.ts";
import { FakeSafeStorage } from "./electron-fakes.ts";
import { captureLog } from "./log-capture.ts";

const TOKEN = "syt_c3VwcG9ydA_secretaccesstoken_0a1b2c";

let dir = "";
let file = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "wsc-secrets-"));
  file = join(dir, "secrets.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function open(
  safeStorage: FakeSafeStorage,
  options: { platform?: NodeJS.Platform; policy?: "refuse" | "basic_text" } = {},
) {
  const captured = captureLog();
  const opened = openSecretStore({
    safeStorage,
    platform: options.platform ?? "linux",
    file,
    policy: options.policy ?? "refuse",
    log: captured.log,
  });
  return { opened, captured };
}

describe("secrets kept with safeStorage", () => {
  it("an access token survives a restart, and the file on disk never holds it in clear", async () => {
    const first = await open(new FakeSafeStorage()).opened;
    expect(first.decision).toEqual({ state: "ready", backend: "gnome_libsecret", weak: false });
    await first.store.set("accessToken", TOKEN);

    const text = await readFile(file, "utf8");
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toMatchObject({ format: 1, backend: "gnome_libsecret" });
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const afterRestart = await open(new FakeSafeStorage()).opened;
    expect(await afterRestart.store.get("accessToken")).toBe(TOKEN);
    expect(await afterRestart.store.get("neverStored")).toBeNull();
  });

  it("deletes a secret for good", async () => {
    const { store } = await open(new FakeSafeStorage()).opened;
    await store.set("accessToken", TOKEN);
    await store.delete("accessToken");
    expect(await store.get("accessToken")).toBeNull();
    expect(await (await open(new FakeSafeStorage()).opened).store.get("accessToken")).toBeNull();
  });

  it("keeps every value when the renderer saves several at once", async () => {
    const { store } = await open(new FakeSafeStorage()).opened;
    await Promise.all([
      store.set("accessToken", "a"),
      store.set("refreshToken", "b"),
      store.set("deviceId", "c"),
    ]);
    const reopened = (await open(new FakeSafeStorage()).opened).store;
    expect([
      await reopened.get("accessToken"),
      await reopened.get("refreshToken"),
      await reopened.get("deviceId"),
    ]).toEqual(["a", "b", "c"]);
  });

  it("re-encrypts a value when the OS rotated its key", async () => {
    const safeStorage = new FakeSafeStorage();
    const { store } = await open(safeStorage).opened;
    await store.set("accessToken", TOKEN);
    const before = await readFile(file, "utf8");
    // Decrypting still works with the old key, but the OS asks for the value to be stored again.
    const rotated = new FakeSafeStorage();
    rotated.decryptStringAsync = async (encrypted) => ({
      ...(await safeStorage.decryptStringAsync(encrypted)),
      shouldReEncrypt: true,
    });
    rotated.rotated = true;
    const reopened = (await open(rotated).opened).store;
    expect(await reopened.get("accessToken")).toBe(TOKEN);
    expect(await readFile(file, "utf8")).not.toBe(before);
  });

  it("works on macOS (Keychain) and Windows (DPAPI) without any Linux policy", async () => {
    expect((await open(new FakeSafeStorage(), { platform: "darwin" }).opened).decision).toEqual({
      state: "ready",
      backend: "keychain",
      weak: false,
    });
    await rm(file, { force: true });
    expect((await open(new FakeSafeStorage(), { platform: "win32" }).opened).decision).toEqual({
      state: "ready",
      backend: "dpapi",
      weak: false,
    });
  });

  it("says so when the macOS Keychain is locked", async () => {
    const { opened } = open(new FakeSafeStorage({ keyringAnswers: false }), { platform: "darwin" });
    const { decision, store } = await opened;
    expect(decision.state).toBe("unavailable");
    await expect(store.get("accessToken")).rejects.toThrow(/Keychain is not available/);
  });
});

describe("Linux without a keyring", () => {
  it("refuses by default, explains what to do, and writes nothing", async () => {
    const safeStorage = new FakeSafeStorage({ backend: "basic_text" });
    const { opened, captured } = open(safeStorage);
    const { decision, store } = await opened;
    expect(decision.state).toBe("refused");
    const message = (decision as { message: string }).message;
    expect(message).toContain("No system keyring");
    expect(message).toContain('"linuxSecretStorageWithoutKeyring": "basic_text"');
    await expect(store.set("accessToken", TOKEN)).rejects.toThrow("No system keyring");
    expect(safeStorage.plainTextAllowed).toBe(false);
    expect(await readdir(dir)).toEqual([]);
    expect(captured.at("error")[0]).toMatch(/^Secret storage refused: No system keyring/);
  });

  it("uses the weaker basic_text backend when the admin chose it, and logs that it does", async () => {
    const safeStorage = new FakeSafeStorage({ backend: "basic_text" });
    const { opened, captured } = open(safeStorage, { policy: "basic_text" });
    const { decision, store } = await opened;
    expect(decision).toEqual({ state: "ready", backend: "basic_text", weak: true });
    expect(safeStorage.plainTextAllowed).toBe(true);
    await store.set("accessToken", TOKEN);
    expect(await store.get("accessToken")).toBe(TOKEN);
    expect(captured.at("warn")).toEqual([
      'Secrets are stored with safeStorage "basic_text" (obfuscation only), as configured',
    ]);
  });

  it("reports a keyring that does not answer rather than falling back", async () => {
    const { decision } = await open(new FakeSafeStorage({ backend: "kwallet6", keyringAnswers: false }), {
      policy: "basic_text",
    }).opened;
    expect(decision.state).toBe("unavailable");
    expect((decision as { message: string }).message).toContain('"kwallet6"');
  });
});

describe("a backend that changed since the secrets were written (element-desktop #2420)", () => {
  beforeEach(async () => {
    const { store } = await open(new FakeSafeStorage({ backend: "gnome_libsecret" })).opened;
    await store.set("accessToken", TOKEN);
  });

  it("says so, keeps the file byte for byte, and never switches to the new backend silently", async () => {
    const before = await readFile(file);
    // The keyring is gone this session and the admin even allowed basic_text: still no silent switch.
    const { decision, store } = await open(new FakeSafeStorage({ backend: "basic_text" }), {
      policy: "basic_text",
    }).opened;
    expect(decision).toMatchObject({
      state: "backend-changed",
      savedWith: "gnome_libsecret",
      now: "basic_text",
    });
    expect((decision as { message: string }).message).toContain("--password-store=gnome-libsecret");
    await expect(store.get("accessToken")).rejects.toThrow("It was not deleted");
    await expect(store.set("accessToken", "other")).rejects.toThrow();
    expect(await readFile(file)).toEqual(before);
  });

  it("on the agent's request, sets the old secrets aside (not deleted) and starts afresh", async () => {
    const before = await readFile(file, "utf8");
    const changed = await open(new FakeSafeStorage({ backend: "kwallet6" })).opened;
    const aside = await changed.setAside();
    expect(aside).toMatch(/secrets\.json\.gnome_libsecret\..+\.json$/);
    expect(await readFile(aside, "utf8")).toBe(before);
    const fresh = await open(new FakeSafeStorage({ backend: "kwallet6" })).opened;
    expect(fresh.decision).toEqual({ state: "ready", backend: "kwallet6", weak: false });
    expect(await fresh.store.get("accessToken")).toBeNull();
  });

  it("pins the backend for the next start through Chromium's --password-store", () => {
    expect(readSavedBackend(file)).toBe("gnome_libsecret");
    expect(passwordStoreSwitch("gnome_libsecret")).toBe("gnome-libsecret");
  });
});

describe("a damaged secrets file", () => {
  it("is reported and left untouched", async () => {
    await writeFile(file, "{ not json");
    const { decision, store, setAside } = await open(new FakeSafeStorage()).opened;
    expect(decision).toEqual({
      state: "damaged",
      message: `${file} is damaged (not JSON). It was left untouched; move it away to sign in again.`,
    });
    await expect(store.get("accessToken")).rejects.toThrow("is damaged");
    expect(await readFile(file, "utf8")).toBe("{ not json");
    expect(readSavedBackend(file)).toBeNull();
    const aside = await setAside();
    expect(await readFile(aside, "utf8")).toBe("{ not json");
  });

  it("refuses a file of an unknown format", async () => {
    await writeFile(file, JSON.stringify({ format: 2, backend: "x", secrets: {} }));
    expect((await open(new FakeSafeStorage()).opened).decision.state).toBe("damaged");
  });
});

describe("the backend decision", () => {
  it.each([
    ["linux", "gnome_libsecret", true, null, "refuse", "ready"],
    ["linux", "kwallet5", true, "kwallet5", "refuse", "ready"],
    ["linux", "basic_text", false, null, "refuse", "refused"],
    ["linux", "basic_text", true, null, "basic_text", "ready"],
    ["linux", "unknown", false, null, "basic_text", "refused"],
    ["linux", "gnome_libsecret", false, null, "refuse", "unavailable"],
    ["linux", "basic_text", true, "gnome_libsecret", "basic_text", "backend-changed"],
    ["linux", "gnome_libsecret", true, "basic_text", "basic_text", "backend-changed"],
    ["darwin", "", true, "keychain", "refuse", "ready"],
    ["win32", "", false, null, "refuse", "unavailable"],
  ] as const)(
    "%s, backend %s, available %s, saved with %s, policy %s → %s",
    (platform, linuxBackend, available, savedWith, policy, state) => {
      expect(decideSecretStorage({ platform, linuxBackend, available, savedWith, policy }).state).toBe(state);
    },
  );

  it.each([
    ["basic_text", "basic"],
    ["gnome_libsecret", "gnome-libsecret"],
    ["kwallet", "kwallet"],
    ["kwallet5", "kwallet5"],
    ["kwallet6", "kwallet6"],
    ["keychain", null],
  ])("the saved backend %s is pinned with --password-store=%s", (backend, value) => {
    expect(passwordStoreSwitch(backend)).toBe(value);
  });
});
