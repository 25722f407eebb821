// Shared command-line conventions: one-line errors on stderr and a non-zero exit.

export function fail(message: string, code = 2): never {
  console.error(`error: ${message}`);
  process.exit(code);
}
