import { describe, expect, it } from "vitest";
import { Inbox } from "../../../renderer/core/inbox/inbox.ts";
import { newRow } from "../../../renderer/core/inbox/row.ts";
import { keyedLabel, walletLabel } from "../../../renderer/core/labels.ts";
import { Observable } from "../../../renderer/core/observable.ts";
import { isNew, NEW_FOR_MS, Relabeller } from "../../../renderer/core/wallet-labels/relabel.ts";

const key = new Uint8Array(32).fill(3);

function setUp(initialKey: Uint8Array | null = null) {
  const inbox = new Inbox();
  const keyState = new Observable<Uint8Array | null>(initialKey);
  let now = 1_000_000;
  let live = false;
  const relabeller = new Relabeller({ inbox, key: keyState, now: () => now, live: () => live });
  return {
    inbox,
    keyState,
    relabeller,
    goLive: () => (live = true),
    advance: (ms: number) => (now += ms),
    now: () => now,
  };
}

describe("rows' wallet labels", () => {
  it("are provisional (and flagged) without the key, keyed for every row once it arrives", () => {
    const t = setUp();
    t.inbox.upsert(newRow("!a:x", "@a:x"));
    t.inbox.upsert(newRow("!b:x", "@b:x"));
    expect(t.inbox.get("!a:x")).toMatchObject({
      label: walletLabel("@a:x"),
      ext: { walletLabel: { provisional: true } },
    });
    t.keyState.set(key);
    expect(t.inbox.get("!a:x")).toMatchObject({
      label: keyedLabel(key, "@a:x").text,
      hue: keyedLabel(key, "@a:x").hue,
      ext: { walletLabel: { provisional: false } },
    });
    expect(t.inbox.get("!b:x")!.label).toBe(keyedLabel(key, "@b:x").text);
    // Later rows are labelled before any listener sees them.
    const seen: string[] = [];
    t.inbox.onChange((row) => seen.push(row.label));
    t.inbox.upsert(newRow("!c:x", "@c:x"));
    expect(seen).toEqual([keyedLabel(key, "@c:x").text]);
  });

  it("relabel a restored snapshot made with another (or no) key", () => {
    const t = setUp(key);
    t.inbox.load([{ ...newRow("!a:x", "@a:x"), label: "Wallet old0·00" }]);
    expect(t.inbox.get("!a:x")!.label).toBe(keyedLabel(key, "@a:x").text);
  });

  it("mark a wallet that arrives after the first full picture as new, for a day", () => {
    const t = setUp(key);
    t.inbox.upsert(newRow("!old:x", "@old:x"));
    t.goLive();
    t.inbox.upsert(newRow("!new:x", "@new:x"));
    const row = () => t.inbox.get("!new:x")!;
    expect(isNew(row(), t.now())).toBe(true);
    expect(isNew(t.inbox.get("!old:x")!, t.now())).toBe(false);
    t.inbox.update("!new:x", (r) => ({ ...r, unread: 1 })); // later changes keep the first sighting
    t.advance(NEW_FOR_MS);
    expect(isNew(row(), t.now())).toBe(false);
  });

  it("warn both wallets when their labels look alike (same first 4 characters), and not others", () => {
    // By the birthday bound a 4-character (20-bit) prefix repeats among ~1,500 wallets: find such a pair.
    const byPrefix = new Map<string, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; !pair && i < 50_000; i++) {
      const id = `@w${i}:x`;
      const prefix = keyedLabel(key, id).code.slice(0, 4);
      const seen = byPrefix.get(prefix);
      if (seen) pair = [seen, id];
      else byPrefix.set(prefix, id);
    }
    expect(pair).not.toBeNull();
    const [first, second] = pair!;
    const t = setUp(key);
    t.inbox.upsert(newRow("!1:x", first));
    t.inbox.upsert(newRow("!other:x", "@someone-else:x"));
    expect(t.inbox.get("!1:x")!.ext?.walletLabel?.lookalike).toBeNull();
    t.inbox.upsert(newRow("!2:x", second));
    expect(t.inbox.get("!2:x")!.ext?.walletLabel?.lookalike).toBe(keyedLabel(key, first).text);
    expect(t.inbox.get("!1:x")!.ext?.walletLabel?.lookalike).toBe(keyedLabel(key, second).text);
    expect(t.inbox.get("!other:x")!.ext?.walletLabel?.lookalike).toBeNull();
    t.relabeller.dispose();
  });
});
