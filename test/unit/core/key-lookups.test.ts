// Which requests are matrix-js-sdk's per-session key-backup lookups (the ones the bulk restore answers): only a
// GET for one session of one room, whatever the room and session IDs hold once encoded.
import { describe, expect, it } from "vitest";
import { perSessionLookup } from "../../../renderer/core/recovery/key-lookups.ts";

const hs = "https://matrix.example.org";
const path = (room: string, session: string) =>
  `${hs}/_matrix/client/v3/room_keys/keys/${encodeURIComponent(room)}/${encodeURIComponent(session)}?version=3`;

describe("a per-session key-backup lookup", () => {
  it("is recognised with its room and session, decoded", () => {
    expect(perSessionLookup(path("!abc:example.org", "AbC+d/e="), "GET")).toEqual({
      roomId: "!abc:example.org",
      sessionId: "AbC+d/e=",
    });
    expect(perSessionLookup(path("!r:s", "x").replace("?version=3", ""), undefined)).toEqual({
      roomId: "!r:s",
      sessionId: "x",
    });
  });

  it("is not the whole backup, one room's keys, the backup version, or an upload", () => {
    expect(perSessionLookup(`${hs}/_matrix/client/v3/room_keys/keys?version=3`, "GET")).toBeNull();
    expect(perSessionLookup(`${hs}/_matrix/client/v3/room_keys/keys/%21r%3As?version=3`, "GET")).toBeNull();
    expect(perSessionLookup(`${hs}/_matrix/client/v3/room_keys/version`, "GET")).toBeNull();
    expect(perSessionLookup(path("!r:s", "x"), "PUT")).toBeNull();
    expect(perSessionLookup(`${hs}/_matrix/client/v3/rooms/%21r%3As/messages`, "GET")).toBeNull();
  });

  it("ignores an ID that does not decode instead of throwing", () => {
    expect(perSessionLookup(`${hs}/_matrix/client/v3/room_keys/keys/%E0%A4%A/x`, "GET")).toBeNull();
  });
});
