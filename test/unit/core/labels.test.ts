import { describe, expect, it } from "vitest";
import { serverOf, walletCode, walletHue, walletLabel } from "../../../renderer/core/labels.ts";

const did = "@did-key-z6mkpwbzbzkg9csgkz5zd9wpovdy2srrzowxjvuwtj523ag2:matrix.talao.co";

describe("anonymous wallet labels", () => {
  it("are short, stable and never contain the DID", () => {
    const label = walletLabel(did);
    expect(label).toMatch(/^Wallet [0-9a-hjkmnp-tv-z]{4}·[0-9a-hjkmnp-tv-z]{2}$/);
    expect(walletLabel(did)).toBe(label);
    expect(label.toLowerCase()).not.toContain("did");
    expect(label).not.toContain("z6mk");
  });

  it("differ between wallets: fewer than 1 in 1,000 collide among 10,000 wallets", () => {
    const codes = new Set<string>();
    for (let i = 0; i < 10_000; i++) codes.add(walletCode(`@did-key-z6mk${i.toString(36)}x:matrix.talao.co`));
    expect(10_000 - codes.size).toBeLessThan(10);
  });

  it("give each wallet an avatar hue", () => {
    const hue = walletHue(did);
    expect(hue).toBeGreaterThanOrEqual(0);
    expect(hue).toBeLessThan(360);
  });

  it("read the server from a user ID, and refuse what is not one", () => {
    expect(serverOf(did)).toBe("matrix.talao.co");
    expect(serverOf("@support:localhost:8008")).toBe("localhost:8008");
    expect(serverOf("support")).toBeNull();
    expect(serverOf("#news:matrix.org")).toBeNull();
  });
});
