// Password sign-in (with refresh tokens, so sessions on servers whose tokens expire keep working) and the
// translation of every refusal into a sentence the agent can act on.
import { HumanError, type MatrixErrorLike } from "./errors.ts";
import { SignInError } from "./sign-in-errors.ts";
import { parseUserId } from "./user-id.ts";

export interface Credentials {
  userId: string;
  deviceId: string;
  homeserverUrl: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms when the access token expires (refresh before then). */
  expiresAt?: number;
}

export interface PasswordLogin {
  homeserverUrl: string;
  userId: string;
  password: string;
  /** Re-use a device after the session ended, so its encryption keys and history stay. */
  deviceId?: string;
  deviceName: string;
}

export interface TokenLogin {
  homeserverUrl: string;
  /** A single-use login token (SSO callback, the demo, or another signed-in device via MSC3882). */
  loginToken: string;
  deviceName: string;
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return ((await res.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
}

async function accountExists(homeserverUrl: string, userId: string): Promise<boolean> {
  try {
    const res = await fetch(`${homeserverUrl}/_matrix/client/v3/profile/${encodeURIComponent(userId)}`);
    return res.status !== 404;
  } catch {
    return true;
  }
}

export async function passwordLogin(request: PasswordLogin): Promise<Credentials> {
  const parsed = parseUserId(request.userId);
  if (!parsed) throw new HumanError("invalid-user-id", { input: request.userId });
  const server = new URL(request.homeserverUrl).host;
  let res: Response;
  try {
    const flowsRes = await fetch(`${request.homeserverUrl}/_matrix/client/v3/login`);
    const flows = (await json(flowsRes)).flows as Array<{ type?: string }> | undefined;
    if (Array.isArray(flows) && !flows.some((f) => f.type === "m.login.password")) {
      throw new HumanError("no-password-login", { server });
    }
    res = await fetch(`${request.homeserverUrl}/_matrix/client/v3/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "m.login.password",
        identifier: { type: "m.id.user", user: parsed.userId },
        password: request.password,
        refresh_token: true,
        initial_device_display_name: request.deviceName,
        ...(request.deviceId ? { device_id: request.deviceId } : {}),
      }),
    });
  } catch (err) {
    if (err instanceof HumanError) throw err;
    throw new HumanError("unreachable", { server }, { cause: err });
  }
  return credentialsFrom(res, request.homeserverUrl, parsed.userId, parsed.serverName);
}

/** Signs in with a single-use login token (`m.login.token`). */
export async function tokenLogin(request: TokenLogin): Promise<Credentials> {
  const server = new URL(request.homeserverUrl).host;
  let res: Response;
  try {
    res = await fetch(`${request.homeserverUrl}/_matrix/client/v3/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "m.login.token",
        token: request.loginToken,
        refresh_token: true,
        initial_device_display_name: request.deviceName,
      }),
    });
  } catch (err) {
    throw new HumanError("unreachable", { server }, { cause: err });
  }
  // Synapse answers 403 M_FORBIDDEN for a token that is unknown, expired or used; others may say 400/401.
  if (res.status === 403 || res.status === 401 || res.status === 400)
    throw new SignInError("link-invalid", { server });
  return credentialsFrom(res, request.homeserverUrl, null, server);
}

/**
 * Deletes the device a token exchange just created, when the agent cancels or the account is refused. Best
 * effort: a device left behind is harmless (no keys were uploaded), and the link's answer must not wait on it.
 */
export async function logOutDevice(credentials: Pick<Credentials, "homeserverUrl" | "accessToken">) {
  try {
    await fetch(`${credentials.homeserverUrl}/_matrix/client/v3/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${credentials.accessToken}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    // offline or slow: the server expires the token on its own
  }
}

async function credentialsFrom(
  res: Response,
  homeserverUrl: string,
  userId: string | null,
  serverName: string,
): Promise<Credentials> {
  const body = await json(res);
  if (res.ok) {
    const expiresIn = typeof body.expires_in_ms === "number" ? body.expires_in_ms : undefined;
    return {
      userId: String(body.user_id),
      deviceId: String(body.device_id),
      homeserverUrl,
      accessToken: String(body.access_token),
      ...(typeof body.refresh_token === "string" ? { refreshToken: body.refresh_token } : {}),
      ...(expiresIn !== undefined ? { expiresAt: Date.now() + expiresIn } : {}),
    };
  }
  const errcode = body.errcode as string | undefined;
  if (res.status === 429 || errcode === "M_LIMIT_EXCEEDED") {
    const ms = typeof body.retry_after_ms === "number" ? body.retry_after_ms : 10_000;
    throw new HumanError("rate-limited", { seconds: Math.ceil(ms / 1000) });
  }
  if (errcode === "M_USER_DEACTIVATED")
    throw new HumanError("deactivated", { userId: userId ?? "this account" });
  if (
    userId &&
    (errcode === "M_FORBIDDEN" || errcode === "M_INVALID_USERNAME" || errcode === "M_NOT_FOUND")
  ) {
    // Synapse answers the same for a wrong password and an unknown account; the public profile tells them apart.
    if (!(await accountExists(homeserverUrl, userId))) {
      throw new HumanError("unknown-user", { userId, server: serverName });
    }
    throw new HumanError("wrong-password", { userId });
  }
  const detail = (body as MatrixErrorLike["data"])?.error ?? `HTTP ${res.status}`;
  throw new HumanError("homeserver-error", { detail });
}
