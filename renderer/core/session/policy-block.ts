// Telling "the content security policy stopped this request" from "the server is unreachable": the browser
// rejects both with the same TypeError, but a policy block also fires a `securitypolicyviolation` event naming
// the blocked URL. Watched from the first check on, so the sign-in screen can say what blocked the server and
// what the admin sets, instead of "Cannot reach …".

const blockedOrigins = new Set<string>();
let watching = false;

/** Starts listening for connect-src violations (no-op outside a browser). Call before the request. */
export function watchPolicyBlocks(): void {
  if (watching || typeof document === "undefined") return;
  watching = true;
  document.addEventListener("securitypolicyviolation", (event) => {
    if (event.effectiveDirective !== "connect-src") return;
    const origin = originOf(event.blockedURI);
    if (origin) blockedOrigins.add(origin);
  });
}

/**
 * Whether a failed request to `url` was blocked by the policy. The violation event is queued as its own task,
 * which may run after the fetch rejects, so a few tasks are let through before answering.
 */
export async function blockedByPolicy(url: string): Promise<boolean> {
  if (!watching) return false;
  const origin = originOf(url);
  if (!origin) return false;
  for (let i = 0; i < 5 && !blockedOrigins.has(origin); i++) await new Promise((r) => setTimeout(r, 0));
  return blockedOrigins.has(origin);
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}
