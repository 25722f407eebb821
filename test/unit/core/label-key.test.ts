// The team's label key and the account's secret storage: the account's copy wins, a device without one creates
// it, and storing it never leaves the unlock waiting on a sync echo that doesn't come (the benchmark's Synapse
// on PostgreSQL never echoed it). The secret storage here is a plain object with the four calls the module uses;
// what it does with a real server is covered by the recovery integration and e2e tests.
import { describe, expect, it } from "vitest";
import { MemorySecretStore } from "../../../renderer/core/platform/memory.ts";
import {
  LABEL_KEY_SECRET,
  LabelKey,
  localLabelKeyName,
} from "../../../renderer/core/wallet-labels/label-key.ts";

const USER = "@support:example.org";

function storage(
  stored: Record<string, string> = {},
  store?: (name: string, value: string) => Promise<void>,
) {
  return {
    stored,
    getDefaultKeyId: async () => "key1",
    isStored: async (name: string) => (name in stored ? { key1: {} } : null),
    get: async (name: string) => stored[name],
    store:
      store ??
      (async (name: string, value: string) => {
        stored[name] = value;
      }),
  };
}

describe("label key", () => {
  it("reads the account's copy, and keeps it on the device", async () => {
    const secrets = new MemorySecretStore();
    const labelKey = new LabelKey(secrets, USER);
    const account = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
    expect(await labelKey.withSecretStorage(storage({ [LABEL_KEY_SECRET]: account }) as never)).toBe("read");
    expect(await secrets.get(localLabelKeyName(USER))).toBe(account);
    expect(labelKey.key.get()).toEqual(new Uint8Array(32).fill(7));
  });

  it("creates the key on the account's first device and stores it in secret storage", async () => {
    const secrets = new MemorySecretStore();
    const ssss = storage();
    expect(await new LabelKey(secrets, USER).withSecretStorage(ssss as never)).toBe("created");
    expect(ssss.stored[LABEL_KEY_SECRET]).toBe(await secrets.get(localLabelKeyName(USER)));
  });

  it("does not wait forever for the echo of the stored key, and keeps it on the device", async () => {
    const secrets = new MemorySecretStore();
    const sent: string[] = [];
    // The PUT went out; the sync echo matrix-js-sdk waits for never comes.
    const ssss = storage({}, (_name, value) => {
      sent.push(value);
      return new Promise<void>(() => {});
    });
    const labelKey = new LabelKey(secrets, USER, 50);
    expect(await labelKey.withSecretStorage(ssss as never)).toBe("created");
    expect(sent).toHaveLength(1);
    expect(await secrets.get(localLabelKeyName(USER))).toBe(sent[0]);
  });

  it("fails the unlock when storing the key fails outright", async () => {
    const ssss = storage({}, async () => {
      throw new Error("M_FORBIDDEN");
    });
    await expect(
      new LabelKey(new MemorySecretStore(), USER, 5_000).withSecretStorage(ssss as never),
    ).rejects.toThrow("M_FORBIDDEN");
  });
});
