// The agent's last way of signing in on this machine ("password", or "sso:<provider id>"), offered first next
// time. Not secret, so localStorage, like the other preferences.
const KEY = "wsc-signin-method";

export function lastMethod(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberMethod(method: string): void {
  try {
    localStorage.setItem(KEY, method);
  } catch {
    // Storage full or disabled: nothing to remember then.
  }
}
