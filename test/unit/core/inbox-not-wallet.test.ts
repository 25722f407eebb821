// Rooms accepted by hand are not wallet conversations: once marked, the inbox drops their row and ignores
// whatever sync or a saved snapshot says about them, until unmarked.
import { describe, expect, it } from "vitest";
import { Inbox } from "../../../renderer/core/inbox/inbox.ts";
import { newRow } from "../../../renderer/core/inbox/row.ts";

const row = (roomId: string, ts: number) => ({
  ...newRow(roomId, `@w-${roomId.slice(1)}:wallets.test`),
  activityTs: ts,
});

describe("rooms that are not wallets", () => {
  it("a marked room's row goes, and later updates and snapshots never bring it back", () => {
    const inbox = new Inbox();
    inbox.upsert(row("!wallet", 1));
    inbox.upsert(row("!group", 2));
    inbox.setNotWallet("!group", true);
    expect(inbox.all().map((r) => r.roomId)).toEqual(["!wallet"]);
    inbox.upsert(row("!group", 3));
    inbox.load([row("!wallet", 1), row("!group", 4)]);
    expect(inbox.all().map((r) => r.roomId)).toEqual(["!wallet"]);
    expect(inbox.get("!group")).toBeUndefined();

    inbox.setNotWallet("!group", false);
    inbox.upsert(row("!group", 5));
    expect(inbox.all().map((r) => r.roomId)).toEqual(["!group", "!wallet"]);
  });
});

describe("rooms that are not wallets, and the rules that complete rows", () => {
  it("a marked room never reaches a rule (it gets no wallet label and joins no look-alike index)", () => {
    const inbox = new Inbox();
    const seen: string[] = [];
    inbox.addRule((r) => {
      seen.push(r.roomId);
      return { ...r, label: `Wallet ${r.roomId.slice(1)}` };
    });
    inbox.setNotWallet("!group", true);
    inbox.upsert(row("!group", 1));
    inbox.load([row("!wallet", 2), row("!group", 3)]);
    inbox.upsert(row("!wallet", 4));
    expect(seen).toEqual(["!wallet", "!wallet"]);
    expect(inbox.get("!wallet")?.label).toBe("Wallet wallet");
  });
});
