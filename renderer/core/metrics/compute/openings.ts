// A conversation's history cut into openings: from the moment it needs the team (the wallet writes while nothing
// is open, or an agent reopens it) to its resolution. Pending and Snoozed do not end an opening — the
// conversation is still unresolved — and a second "resolved" line for an already resolved conversation (two
// agents at once) counts once, for the first.
import type { ConversationStamps } from "./types.ts";

export interface Opening {
  conversation: string;
  openedAt: number;
  /** The opening's first wallet message (null: reopened by an agent and the wallet has not written since). */
  firstWalletAt: number | null;
  /** The first support message after that wallet message, before the resolution (null: none yet). */
  firstReplyAt: number | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
}

type Step =
  { ts: number; kind: "wallet" | "support" } | { ts: number; kind: "resolved" | "reopened"; agent: string };

// Same timestamp: messages before the team's lines (a line written in the same millisecond as a message was
// written after seeing it), and the wallet before support.
const ORDER: Record<Step["kind"], number> = { wallet: 0, support: 1, reopened: 2, resolved: 3 };

export function openingsOf(conversation: ConversationStamps): Opening[] {
  const steps: Step[] = [
    ...conversation.messages.map((m) => ({ ts: m.ts, kind: m.from })),
    ...conversation.activity
      .filter((a) => a.action === "resolved" || a.action === "reopened")
      .map((a) => ({ ts: a.ts, kind: a.action as "resolved" | "reopened", agent: a.agent })),
  ];
  steps.sort((a, b) => a.ts - b.ts || ORDER[a.kind] - ORDER[b.kind]);

  const openings: Opening[] = [];
  let current: Opening | null = null;
  const open = (ts: number, walletAt: number | null) => {
    current = {
      conversation: conversation.id,
      openedAt: ts,
      firstWalletAt: walletAt,
      firstReplyAt: null,
      resolvedAt: null,
      resolvedBy: null,
    };
    openings.push(current);
  };
  for (const step of steps) {
    const now = current as Opening | null;
    switch (step.kind) {
      case "wallet":
        if (!now) open(step.ts, step.ts);
        else now.firstWalletAt ??= step.ts;
        break;
      case "support":
        if (now && now.firstWalletAt !== null && now.firstReplyAt === null) now.firstReplyAt = step.ts;
        break;
      case "reopened":
        if (!now) open(step.ts, null);
        break;
      case "resolved":
        if (now) {
          now.resolvedAt = step.ts;
          now.resolvedBy = step.agent;
          current = null;
        }
        break;
    }
  }
  return openings;
}

/** The conversation's last message is the wallet's and its latest opening is unresolved: since when (or null). */
export function waitingSince(conversation: ConversationStamps, openings: readonly Opening[]): number | null {
  const last = openings.at(-1);
  if (!last || last.resolvedAt !== null) return null;
  let lastWallet = -Infinity;
  let lastSupport = -Infinity;
  for (const m of conversation.messages) {
    if (m.from === "wallet") lastWallet = Math.max(lastWallet, m.ts);
    else lastSupport = Math.max(lastSupport, m.ts);
  }
  if (lastWallet === -Infinity || lastSupport >= lastWallet) return null;
  // Waiting since the first wallet message after support's last reply.
  let since = lastWallet;
  for (const m of conversation.messages)
    if (m.from === "wallet" && m.ts > lastSupport && m.ts < since) since = m.ts;
  return since;
}
