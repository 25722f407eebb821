import { describe, expect, it } from "vitest";
import { keyedLabel } from "../../../renderer/core/labels.ts";
import { editDistance, LookalikeIndex, looksAlike } from "../../../renderer/core/lookalikes.ts";

describe("look-alike labels", () => {
  it("measure edits (Levenshtein), stopping past the limit", () => {
    expect(editDistance("7f3kc2xq9pm", "7f3kc2xq9pm")).toBe(0);
    expect(editDistance("7f3kc2xq9pm", "7f3kc2xq9pn")).toBe(1);
    expect(editDistance("7f3kc2xq9pm", "f3kc2xq9pmz")).toBe(2); // shifted by one
    expect(editDistance("abcdefghjkm", "zyxwvtsrqpn", 2)).toBe(3);
  });

  it("are codes sharing their first 4 characters, or within 2 edits", () => {
    expect(looksAlike("7f3kc2xq9pm", "7f3kzzzzzzz")).toBe(true);
    expect(looksAlike("7f3kc2xq9pm", "8f3kc2xq9pn")).toBe(true);
    expect(looksAlike("7f3kc2xq9pm", "f3kc2xq9pmz")).toBe(true);
    expect(looksAlike("7f3kc2xq9pm", "8g3kc2xq8pn")).toBe(false);
  });

  it("are found by the index like comparing every pair would, among 300 wallets", () => {
    const key = new Uint8Array(32).fill(9);
    const index = new LookalikeIndex();
    const codes: Array<[string, string]> = [];
    for (let i = 0; i < 300; i++) {
      const code = keyedLabel(key, `@w${i}:example.org`).code;
      codes.push([`!r${i}`, code]);
      index.set(`!r${i}`, code);
    }
    // Plant look-alikes: a substitution, a shift, a shared prefix.
    const planted: Array<[string, string]> = [
      ["!sub", `x${codes[0]![1].slice(1)}`],
      ["!shift", `${codes[1]![1].slice(1)}z`],
      ["!prefix", `${codes[2]![1].slice(0, 4)}0000000`],
    ];
    for (const [owner, code] of planted) index.set(owner, code);
    const all = [...codes, ...planted];
    for (const [owner, code] of all) {
      const brute = all
        .filter(([o, c]) => o !== owner && looksAlike(code, c))
        .map(([o]) => o)
        .sort();
      expect(index.matches(owner, code)).toEqual(brute);
    }
    expect(index.matches("!sub", planted[0]![1])).toContain("!r0");
    expect(index.matches("!r1", codes[1]![1])).toContain("!shift");
    index.delete("!prefix");
    expect(index.matches("!r2", codes[2]![1])).not.toContain("!prefix");
    expect(index.size).toBe(302);
  });
});
