// The saved sliding-sync position read back from storage: only a well-formed position for the same lists is
// resumed; anything else means walking every room again, never a crash.
import { describe, expect, it } from "vitest";
import { LISTS_FINGERPRINT } from "../../../renderer/core/sync/lists.ts";
import { parsePosition } from "../../../renderer/core/sync/position.ts";

const accountData = [{ type: "m.secret_storage.default_key", content: { key: "abc" } }];
const good = {
  pos: "s42_7",
  covered: 3000,
  total: 10000,
  toDeviceSince: "12",
  lists: LISTS_FINGERPRINT,
  accountData,
};

describe("a saved sliding-sync position", () => {
  it("is resumed as saved", () => {
    expect(parsePosition(good)).toEqual(good);
    expect(parsePosition({ ...good, toDeviceSince: null })).toEqual({ ...good, toDeviceSince: null });
  });

  it("is not resumed by a console asking for other lists (the rows would have another shape)", () => {
    expect(parsePosition({ ...good, lists: "[4]" })).toBeNull();
    expect(parsePosition({ ...good, lists: undefined })).toBeNull();
  });

  it("is ignored when damaged or missing", () => {
    for (const bad of [
      null,
      undefined,
      "s42",
      42,
      [],
      {},
      { ...good, pos: "" },
      { ...good, pos: 7 },
      { ...good, covered: -1 },
      { ...good, covered: 2.5 },
      { ...good, total: "10000" },
    ])
      expect(parsePosition(bad)).toBeNull();
  });

  it("is not resumed without the account's global account data (the server would not send it again)", () => {
    expect(parsePosition({ ...good, accountData: undefined })).toBeNull();
    expect(parsePosition({ ...good, accountData: {} })).toBeNull();
  });

  it("keeps only well-formed account data events", () => {
    const odd = [...accountData, null, { type: 7, content: {} }, { type: "x" }, "m.direct"];
    expect(parsePosition({ ...good, accountData: odd })?.accountData).toEqual(accountData);
  });

  it("drops a to-device position that is not text", () => {
    expect(parsePosition({ ...good, toDeviceSince: 12 })?.toDeviceSince).toBeNull();
  });
});
