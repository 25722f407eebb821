// Matrix user IDs as the sign-in form receives them: trimmed, validated, split into localpart and server.

export interface ParsedUserId {
  userId: string;
  localpart: string;
  serverName: string;
}

// Localpart: the historical grammar Synapse accepts; server name: hostname or IP literal, optional port.
const USER_ID = /^@([!-9;-~]+):((?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\[[0-9a-fA-F:.]+\])(?::(\d{1,5}))?$/;

export function parseUserId(input: string): ParsedUserId | null {
  const text = input.trim();
  const match = USER_ID.exec(text);
  if (!match || text.length > 255) return null;
  const [, localpart, host, port] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return null;
  return { userId: text, localpart: localpart!, serverName: port ? `${host}:${port}` : host! };
}
