// Whether a failure the core passed up came from the network (offline, server unreachable) rather than a refusal.
export function isNetworkFailure(err: unknown): boolean {
  const e = err as { name?: string; httpStatus?: number };
  return e?.httpStatus === undefined && (e?.name === "ConnectionError" || e?.name === "TypeError");
}
