// The desktop app's single sign-on answer (RFC 8252 loopback redirect) with a real Node HTTP server on
// 127.0.0.1: only the attempt's own state with one well-formed token ends the wait; everything else is
// answered 400 and changes nothing; the listener closes after the answer, on cancel and at its deadline.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import {
  CALLBACK_PATH,
  LoopbackCancelled,
  ssoStartUrl,
  startLoopbackRedirect,
} from "../../../electron/sso-loopback.ts";

const state = "0123456789abcdef0123456789abcdef";
const server = (handler: Parameters<typeof createServer>[1]) => createServer(handler!);

describe("the loopback redirect", () => {
  it("listens on 127.0.0.1 only and answers with the token that came back with its state", async () => {
    const redirect = await startLoopbackRedirect({ state, createServer: server });
    const url = new URL(redirect.redirectUrl);
    expect(url.hostname).toBe("127.0.0.1");
    expect(url.pathname).toBe(CALLBACK_PATH);
    expect(Number(url.port)).toBeGreaterThan(0);
    const page = await fetch(`${redirect.redirectUrl}&loginToken=syl_ABCdef123`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(await page.text()).toContain("You are signed in");
    await expect(redirect.answer).resolves.toEqual({ loginToken: "syl_ABCdef123", state });
    // One answer only: the port closes.
    await expect
      .poll(() =>
        fetch(redirect.redirectUrl).then(
          () => "open",
          () => "closed",
        ),
      )
      .toBe("closed");
  });

  it("refuses other paths, other states, repeated or malformed tokens, and keeps waiting", async () => {
    const redirect = await startLoopbackRedirect({ state, createServer: server });
    const base = new URL(redirect.redirectUrl).origin;
    const other = "f".repeat(32);
    for (const path of [
      `/?state=${state}&loginToken=syl_abcdefgh`,
      `${CALLBACK_PATH}?state=${other}&loginToken=syl_abcdefgh`,
      `${CALLBACK_PATH}?loginToken=syl_abcdefgh`,
      `${CALLBACK_PATH}?state=${state}`,
      `${CALLBACK_PATH}?state=${state}&loginToken=syl_abcdefgh&loginToken=syl_ijklmnop`,
      `${CALLBACK_PATH}?state=${state}&loginToken=%3Cscript%3E`,
    ]) {
      expect((await fetch(base + path)).status, path).toBe(400);
    }
    const posted = await fetch(`${redirect.redirectUrl}&loginToken=syl_abcdefgh`, { method: "POST" });
    expect(posted.status).toBe(400);
    // Still waiting for the real answer.
    await fetch(`${redirect.redirectUrl}&loginToken=syl_real_one`);
    await expect(redirect.answer).resolves.toEqual({ loginToken: "syl_real_one", state });
  });

  it("stops waiting when cancelled, or at its deadline", async () => {
    const cancelled = await startLoopbackRedirect({ state, createServer: server });
    cancelled.cancel();
    await expect(cancelled.answer).rejects.toBeInstanceOf(LoopbackCancelled);
    const late = await startLoopbackRedirect({ state, createServer: server, timeoutMs: 1 });
    await expect(late.answer).rejects.toThrow("timed out");
  });

  it("refuses to start without a proper state value", async () => {
    await expect(startLoopbackRedirect({ state: "guessable", createServer: server })).rejects.toThrow("32");
  });

  it("builds the homeserver's start URL per provider", () => {
    expect(ssoStartUrl("https://m.example.org/", "http://127.0.0.1:5/sso-callback?state=x", "company")).toBe(
      "https://m.example.org/_matrix/client/v3/login/sso/redirect/company?redirectUrl=http%3A%2F%2F127.0.0.1%3A5%2Fsso-callback%3Fstate%3Dx",
    );
  });
});
