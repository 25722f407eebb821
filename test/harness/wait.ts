// Polling for conditions that settle through sync, with a message that says what never happened.

export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  {
    timeoutMs = 30_000,
    intervalMs = 50,
    state,
  }: {
    timeoutMs?: number;
    intervalMs?: number;
    /** What the test saw at the end, added to the timeout's message (so a failure says where it stopped). */
    state?: () => unknown;
  } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  let seen = "";
  if (state) {
    try {
      seen = `; state at the end: ${JSON.stringify(await state())}`;
    } catch (err) {
      seen = `; state unreadable: ${(err as Error).message}`;
    }
  }
  throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${seen}`, { cause: lastError });
}
