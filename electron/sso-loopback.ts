// Single sign-on for the desktop app, as RFC 8252 (OAuth for native apps) recommends: the system browser signs
// in at the identity provider, and the homeserver sends it back to a one-shot HTTP listener on an ephemeral
// 127.0.0.1 port. Only `GET /sso-callback` carrying the attempt's own state value and one well-formed
// `loginToken` ends the wait; anything else gets a 400 and the listener keeps waiting until its deadline.
// The HTTP server is passed in, so tests drive it without Electron.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { LOGIN_TOKEN_PATTERN } from "./deep-link.ts";

export const CALLBACK_PATH = "/sso-callback";
/** As long as the attempt itself (renderer/core/session/pending-sign-ins.ts). */
export const LOOPBACK_TIMEOUT_MS = 10 * 60_000;
const STATE_PATTERN = /^[0-9a-f]{32}$/;

export interface LoopbackAnswer {
  loginToken: string;
  state: string;
}

export interface LoopbackRedirect {
  /** Where the homeserver sends the browser back: `http://127.0.0.1:PORT/sso-callback?state=…`. */
  redirectUrl: string;
  /** The token, once the browser came back; rejects on timeout or cancel. */
  answer: Promise<LoopbackAnswer>;
  cancel(): void;
}

export class LoopbackCancelled extends Error {
  override name = "LoopbackCancelled";
}

export type CreateServer = (
  handler: (request: IncomingMessage, response: ServerResponse) => void,
) => Pick<Server, "listen" | "close" | "address" | "once" | "closeAllConnections">;

const DONE_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Signed in</title>
<body><h1>You are signed in</h1><p>Return to the Wallet Support Console; you can close this tab.</p>
<p lang="fr">Retournez à la console ; vous pouvez fermer cet onglet.</p></body></html>`;

export function isSsoState(value: unknown): value is string {
  return typeof value === "string" && STATE_PATTERN.test(value);
}

/** Listens on 127.0.0.1 (never all interfaces) for the answer to the sign-in attempt `state`. */
export async function startLoopbackRedirect(options: {
  state: string;
  createServer: CreateServer;
  timeoutMs?: number;
}): Promise<LoopbackRedirect> {
  const { state } = options;
  if (!isSsoState(state)) throw new Error("the sign-in state must be 32 hexadecimal characters");
  let settle!: { resolve: (a: LoopbackAnswer) => void; reject: (e: Error) => void };
  const answer = new Promise<LoopbackAnswer>((resolve, reject) => (settle = { resolve, reject }));
  answer.catch(() => {}); // the caller may cancel without awaiting

  const server = options.createServer((request, response) => {
    const headers = {
      "content-security-policy": "default-src 'none'",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    };
    const found = readAnswer(request, state);
    if (!found) {
      response.writeHead(400, { ...headers, "content-type": "text/plain; charset=utf-8" });
      response.end("Not a sign-in answer for this console.");
      return;
    }
    response.writeHead(200, { ...headers, "content-type": "text/html; charset=utf-8" });
    response.end(DONE_PAGE);
    finish();
    settle.resolve(found);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  const timer = setTimeout(() => {
    finish();
    settle.reject(new LoopbackCancelled("single sign-on timed out"));
  }, options.timeoutMs ?? LOOPBACK_TIMEOUT_MS);
  let finished = false;
  function finish(): void {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    // Let the answer page finish sending before the connection goes.
    setTimeout(() => {
      server.close();
      server.closeAllConnections();
    }, 100);
  }

  return {
    redirectUrl: `http://127.0.0.1:${port}${CALLBACK_PATH}?state=${state}`,
    answer,
    cancel: () => {
      finish();
      settle.reject(new LoopbackCancelled("single sign-on cancelled"));
    },
  };
}

function readAnswer(request: IncomingMessage, state: string): LoopbackAnswer | null {
  if (request.method !== "GET" || !request.url) return null;
  let url: URL;
  try {
    url = new URL(request.url, "http://127.0.0.1");
  } catch {
    return null;
  }
  if (url.pathname !== CALLBACK_PATH) return null;
  const states = url.searchParams.getAll("state");
  const tokens = url.searchParams.getAll("loginToken");
  if (states.length !== 1 || states[0] !== state || tokens.length !== 1) return null;
  const loginToken = tokens[0]!;
  return LOGIN_TOKEN_PATTERN.test(loginToken) ? { loginToken, state } : null;
}

/** The homeserver's single sign-on start for `providerId` (optional), answering at `redirectUrl`. */
export function ssoStartUrl(homeserverUrl: string, redirectUrl: string, providerId?: string): string {
  const base = `${homeserverUrl.replace(/\/+$/, "")}/_matrix/client/v3/login/sso/redirect`;
  const path = providerId ? `${base}/${encodeURIComponent(providerId)}` : base;
  return `${path}?redirectUrl=${encodeURIComponent(redirectUrl)}`;
}

/**
 * The shell's single sign-on service behind IPC: one attempt at a time (a newer one cancels the older), the
 * browser opened on the homeserver's start URL, the answer handed back to the renderer.
 */
export function createSsoService(deps: {
  createServer: CreateServer;
  /** Opens the start URL in the system browser. */
  openBrowser(url: string): Promise<void>;
  timeoutMs?: number;
}) {
  let current: LoopbackRedirect | null = null;
  return {
    async startSso(request: {
      homeserverUrl: string;
      providerId?: string;
      state: string;
    }): Promise<LoopbackAnswer> {
      current?.cancel();
      const redirect = await startLoopbackRedirect({
        state: request.state,
        createServer: deps.createServer,
        ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
      });
      current = redirect;
      try {
        await deps.openBrowser(ssoStartUrl(request.homeserverUrl, redirect.redirectUrl, request.providerId));
        return await redirect.answer;
      } catch (error) {
        redirect.cancel();
        throw error;
      } finally {
        if (current === redirect) current = null;
      }
    },
    cancelSso(): void {
      current?.cancel();
      current = null;
    },
  };
}
