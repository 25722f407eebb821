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

const inserters = new Map<string, (text: string) => void>();

/** The composer of `roomId` takes text put in from elsewhere (a suggested reply); returns the unsubscribe. */
export function onInsert(roomId: string, insert: (text: string) => void): () => void {
  inserters.set(roomId, insert);
  return () => {
    if (inserters.get(roomId) === insert) inserters.delete(roomId);
  };
}

/** Puts `text` in the conversation's draft (after what is there), through its composer when it is on screen. */
export function insertIntoDraft(roomId: string, text: string): void {
  const insert = inserters.get(roomId);
  if (insert) return insert(text);
  const current = draftFor(roomId).trimEnd();
  saveDraft(roomId, current ? `${current}\n\n${text}` : text);
}
