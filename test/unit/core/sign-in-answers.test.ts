// The sign-ins this console started, without a server: one-time state values that expire, can be answered
// once, and can't be guessed; and the answer taken out of the web build's address.
import { describe, expect, it } from "vitest";
import { MemorySecretStore } from "../../../renderer/core/platform/memory.ts";
import { PENDING_TTL_MS, PendingSignIns } from "../../../renderer/core/session/pending-sign-ins.ts";
import { takeSignInAnswer } from "../../../renderer/core/session/sso-transport.ts";

const HS = "https://matrix.example.org";

describe("sign-in attempts the console started", () => {
  it("are answered once, with the homeserver and provider they went to", async () => {
    const now = 1_000_000;
    const pending = new PendingSignIns(new MemorySecretStore(), () => now);
    const attempt = await pending.begin(HS, "company");
    expect(attempt.state).toMatch(/^[0-9a-f]{32}$/);
    expect(await pending.take(attempt.state)).toEqual({
      state: attempt.state,
      homeserverUrl: HS,
      providerId: "company",
      expiresAt: now + PENDING_TTL_MS,
    });
    expect(await pending.take(attempt.state)).toBeNull(); // replayed
  });

  it("expire after ten minutes, and unknown or missing states answer nothing", async () => {
    let now = 0;
    const pending = new PendingSignIns(new MemorySecretStore(), () => now);
    const attempt = await pending.begin(HS);
    now += PENDING_TTL_MS;
    expect(await pending.take(attempt.state)).toBeNull();
    const fresh = await pending.begin(HS);
    expect(await pending.take(undefined)).toBeNull();
    expect(await pending.take("f".repeat(32))).toBeNull();
    expect(await pending.take(fresh.state.toUpperCase())).toBeNull();
    expect(await pending.take(fresh.state)).not.toBeNull();
  });

  it("survive a page load (kept in the secret store) and keep only the latest few", async () => {
    const store = new MemorySecretStore();
    const first = new PendingSignIns(store);
    const attempts = [];
    for (let i = 0; i < 6; i++) attempts.push(await first.begin(HS));
    const afterReload = new PendingSignIns(store);
    expect(await afterReload.take(attempts[0]!.state)).toBeNull();
    expect(await afterReload.take(attempts[5]!.state)).not.toBeNull();
  });

  it("answered twice at the same moment, the attempt goes to one of them only", async () => {
    const pending = new PendingSignIns(new MemorySecretStore());
    const attempt = await pending.begin(HS);
    const both = await Promise.all([pending.take(attempt.state), pending.take(attempt.state)]);
    expect(both.filter(Boolean)).toHaveLength(1);
  });

  it("each state is new (no two alike in many)", async () => {
    const pending = new PendingSignIns(new MemorySecretStore());
    const states = new Set<string>();
    for (let i = 0; i < 200; i++) states.add((await pending.begin(HS)).state);
    expect(states.size).toBe(200);
  });
});

describe("the answer in the web build's address", () => {
  const history = () => {
    const calls: string[] = [];
    return {
      calls,
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void calls.push(String(url)),
    };
  };

  it("takes the single sign-on redirect's token and state, and cleans the address", () => {
    const h = history();
    const answer = takeSignInAnswer(
      { pathname: "/", search: "?wsc_sso=abc123&loginToken=syl_tok", hash: "" },
      h,
    );
    expect(answer).toEqual({ loginToken: "syl_tok", state: "abc123" });
    expect(h.calls).toEqual(["/"]);
  });

  it("takes a one-time link's token (no state: it will be asked about) and keeps other parameters", () => {
    const h = history();
    expect(
      takeSignInAnswer({ pathname: "/app/", search: "?lang=fr", hash: "#loginToken=syl_demo" }, h),
    ).toEqual({
      loginToken: "syl_demo",
    });
    expect(h.calls).toEqual(["/app/?lang=fr"]);
  });

  it("leaves an address without an answer alone", () => {
    const h = history();
    expect(takeSignInAnswer({ pathname: "/", search: "", hash: "" }, h)).toBeNull();
    expect(h.calls).toEqual([]);
  });
});
