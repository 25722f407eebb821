// The recovery key's plumbing without a server: what the agent types becomes the key (or a sentence saying it
// isn't one), the key is only held while an operation runs, and the password answers the auth challenge.
import { describe, expect, it } from "vitest";
import { decodeRecoveryKey, encodeRecoveryKey } from "matrix-js-sdk/lib/crypto-api/index.js";
import {
  parseRecoveryKey,
  passwordAuth,
  RecoveryError,
  SecretStorageKeys,
} from "../../../renderer/core/recovery/index.ts";

const key = (fill: number) => new Uint8Array(32).fill(fill);

describe("typing a recovery key", () => {
  it("accepts the key as shown, pasted across lines or with stray spaces", () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    const shown = encodeRecoveryKey(raw)!;
    expect(parseRecoveryKey(shown)).toEqual(raw);
    expect(parseRecoveryKey(shown.replaceAll(" ", "\n"))).toEqual(raw);
    expect(parseRecoveryKey(`  ${shown.replaceAll(" ", "\t ")}  `)).toEqual(raw);
  });

  it("every generated key reads as the error message promises: 12 groups of 4, starting with Es", () => {
    for (let i = 0; i < 200; i++) {
      const shown = encodeRecoveryKey(crypto.getRandomValues(new Uint8Array(32)))!;
      expect(shown).toMatch(/^Es\S{2}( \S{4}){11}$/);
    }
  });

  it("refuses what is not a key with a sentence, not a parity error", () => {
    const shown = encodeRecoveryKey(key(7))!;
    const cases = [
      "",
      "   ",
      "hello",
      shown.slice(0, -5),
      `${shown}A`,
      shown.replace(/^Es/, "Xs"),
      "0OIl ".repeat(12),
    ];
    for (const input of cases) {
      let err: unknown;
      try {
        parseRecoveryKey(input);
      } catch (e) {
        err = e;
      }
      expect(err, input).toBeInstanceOf(RecoveryError);
      expect((err as RecoveryError).kind).toBe("not-a-recovery-key");
      expect((err as RecoveryError).message).toMatch(/not a recovery key.*“Es”.*12 groups of 4/);
    }
    // A single mistyped character is caught by the key's parity byte (for this key; true for ~255 in 256).
    const typo = shown.slice(0, 10) + (shown[10] === "a" ? "b" : "a") + shown.slice(11);
    expect(() => decodeRecoveryKey(typo.replaceAll(" ", ""))).toThrow();
  });
});

describe("holding the key for the crypto layer", () => {
  const ask = (keys: SecretStorageKeys, ids: string[]) =>
    keys.callbacks.getSecretStorageKey!(
      { keys: Object.fromEntries(ids.map((id) => [id, {} as never])) },
      "m.cross_signing.master",
    );

  it("answers only for the key it holds, and only while an operation runs", async () => {
    const keys = new SecretStorageKeys();
    expect(await ask(keys, ["abc"])).toBeNull();
    const seen = await keys.using("abc", key(1), async () => [
      await ask(keys, ["abc"]),
      await ask(keys, ["other"]),
    ]);
    expect(seen[0]).toEqual(["abc", key(1)]);
    expect(seen[1]).toBeNull();
    expect(keys.holding).toBe(false);
    expect(await ask(keys, ["abc"])).toBeNull();
  });

  it("forgets the key even when the operation fails", async () => {
    const keys = new SecretStorageKeys();
    const mine = key(9);
    await expect(
      keys.using("k", mine, async () => {
        expect(await ask(keys, ["k"])).toEqual(["k", key(9)]);
        throw new Error("network");
      }),
    ).rejects.toThrow("network");
    expect(keys.holding).toBe(false);
    expect(await ask(keys, ["k"])).toBeNull();
    expect(mine).toEqual(key(9)); // the caller's array is the caller's
  });

  it("keeps a key the SDK just created for the rest of that set-up", async () => {
    const keys = new SecretStorageKeys();
    keys.callbacks.cacheSecretStorageKey!("new", {} as never, key(3));
    expect(await ask(keys, ["new"])).toEqual(["new", key(3)]);
    keys.forget();
    expect(await ask(keys, ["new"])).toBeNull();
  });
});

describe("answering the homeserver's auth challenge with the password", () => {
  const challenge = (errcode?: string) =>
    Object.assign(new Error("401"), {
      httpStatus: 401,
      data: { flows: [{ stages: ["m.login.password"] }], session: "S1", ...(errcode ? { errcode } : {}) },
    });

  it("sends no auth when the server does not ask (first cross-signing upload)", async () => {
    const calls: unknown[] = [];
    await passwordAuth("@support:example.org", "pw")(async (auth) => void calls.push(auth));
    expect(calls).toEqual([null]);
  });

  it("retries with the password and the server's session when challenged", async () => {
    const calls: unknown[] = [];
    await passwordAuth(
      "@support:example.org",
      "pw",
    )(async (auth) => {
      calls.push(auth);
      if (auth === null) throw challenge();
    });
    expect(calls[1]).toEqual({
      type: "m.login.password",
      identifier: { type: "m.id.user", user: "@support:example.org" },
      password: "pw",
      session: "S1",
    });
  });

  it("says the password is needed when there is none, and wrong when refused", async () => {
    const always = async () => {
      throw challenge("M_FORBIDDEN");
    };
    await expect(passwordAuth("@s:x", undefined)(always)).rejects.toMatchObject({ kind: "password-needed" });
    await expect(passwordAuth("@s:x", "bad")(always)).rejects.toMatchObject({
      kind: "wrong-password",
      message: "Wrong password: encryption was not set up. Try again.",
    });
  });

  it("lets other failures through unchanged", async () => {
    const offline = Object.assign(new Error("down"), { name: "ConnectionError" });
    await expect(passwordAuth("@s:x", "pw")(async () => Promise.reject(offline))).rejects.toBe(offline);
  });
});
