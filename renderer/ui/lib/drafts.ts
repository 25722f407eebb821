// Unsent replies, one per conversation, so switching conversations never loses what the agent was typing.
// Kept in memory only: a draft can hold personal data, and the sealed outbox is where sent replies persist.

const drafts = new Map<string, string>();

export function draftFor(roomId: string): string {
  return drafts.get(roomId) ?? "";
}

export function saveDraft(roomId: string, text: string): void {
  if (text.trim() === "") drafts.delete(roomId);
  else drafts.set(roomId, text);
}

export function clearDrafts(): void {
  drafts.clear();
}
