// "Catching up…" shows after the connection returns or the machine wakes, and goes away once the inbox has
// settled — never while offline (the offline banner speaks then), never forever.
import { describe, expect, it } from "vitest";
import {
  CatchUp,
  HIDDEN_LONG_MS,
  MAX_SHOWN_MS,
  MIN_SHOWN_MS,
  QUIET_MS,
} from "../../../renderer/ui/lib/catch-up.ts";

describe("catching up", () => {
  it("shows after reconnecting and hides once the inbox is quiet", () => {
    const c = new CatchUp();
    c.onConnection("online", 0);
    expect(c.active(0)).toBe(false); // the first connection is start-up, not catching up
    c.onConnection("reconnecting", 1000);
    expect(c.active(1000)).toBe(false);
    c.onConnection("online", 5000);
    expect(c.active(5000)).toBe(true);
    c.onActivity(5500);
    c.onActivity(6000);
    expect(c.active(6000 + QUIET_MS - 1)).toBe(true);
    expect(c.active(6000 + QUIET_MS)).toBe(false);
    expect(c.active(20_000)).toBe(false);
  });

  it("stays at least a moment, so it doesn't flicker", () => {
    const c = new CatchUp();
    c.onConnection("offline", 0);
    c.onConnection("online", 1000);
    expect(c.active(1000 + Math.min(QUIET_MS, MIN_SHOWN_MS) - 1)).toBe(true);
  });

  it("shows after the window was hidden for more than a minute, not after a short switch", () => {
    const c = new CatchUp();
    c.onConnection("online", 0);
    c.onHidden(1000);
    c.onVisible(1000 + 10_000);
    expect(c.active(11_000)).toBe(false);
    c.onHidden(20_000);
    c.onVisible(20_000 + HIDDEN_LONG_MS + 1);
    expect(c.active(20_000 + HIDDEN_LONG_MS + 1)).toBe(true);
  });

  it("gives up after a while even if the inbox keeps changing", () => {
    const c = new CatchUp();
    c.onConnection("reconnecting", 0);
    c.onConnection("online", 1);
    for (let t = 1; t < MAX_SHOWN_MS; t += 500) c.onActivity(t);
    expect(c.active(MAX_SHOWN_MS + 1)).toBe(false);
  });

  it("is hidden while the connection is down again", () => {
    const c = new CatchUp();
    c.onConnection("offline", 0);
    c.onConnection("online", 100);
    c.onConnection("offline", 200);
    expect(c.active(300)).toBe(false);
  });
});
