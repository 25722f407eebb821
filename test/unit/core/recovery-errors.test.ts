// What an agent reads when recovery fails: sentences with a kind to translate, never a raw Matrix error.
import { describe, expect, it } from "vitest";
import { asRecoveryError, isAuthChallenge, RecoveryError } from "../../../renderer/core/recovery/errors.ts";

describe("recovery errors", () => {
  it("a wrong key says exactly that", () => {
    const err = new RecoveryError("wrong-recovery-key");
    expect(err.message).toBe("That recovery key doesn't match this account's backup.");
    expect(err.name).toBe("RecoveryError");
  });

  it("no answer from the server reads as a connection problem", () => {
    for (const name of ["ConnectionError", "TypeError", "TimeoutError"]) {
      expect(asRecoveryError(Object.assign(new Error("x"), { name }), "unlock").kind).toBe("unreachable");
    }
  });

  it("anything else names the step and the server's code, and keeps the cause", () => {
    const cause = Object.assign(new Error("boom"), { httpStatus: 500, data: { errcode: "M_UNKNOWN" } });
    const err = asRecoveryError(cause, "restore");
    expect(err).toMatchObject({ kind: "failed", params: { step: "restore", detail: "M_UNKNOWN" } });
    expect(err.message).toBe(
      "Encryption setup failed (restore): M_UNKNOWN. Try again; if it keeps failing, tell your administrator.",
    );
    expect(err.cause).toBe(cause);
  });

  it("a human error passes through as it is", () => {
    const err = new RecoveryError("password-needed");
    expect(asRecoveryError(err, "set-up")).toBe(err);
  });

  it("only a 401 with flows is an auth challenge", () => {
    expect(isAuthChallenge({ httpStatus: 401, data: { flows: [] } })).toBe(true);
    expect(isAuthChallenge({ httpStatus: 401, data: { errcode: "M_UNKNOWN_TOKEN" } })).toBe(false);
    expect(isAuthChallenge({ httpStatus: 403, data: { flows: [] } })).toBe(false);
    expect(isAuthChallenge(null)).toBe(false);
  });
});
