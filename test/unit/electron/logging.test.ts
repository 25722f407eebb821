import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import electronLog from "electron-log/node";
import { afterEach, describe, expect, it } from "vitest";
import { configureLogging, redactSecrets } from "../../../electron/logging.ts";

describe("log redaction", () => {
  it.each([
    ["Authorization: Bearer syt_c3VwcG9ydA_abcdefghijklmnop_0a1b2c", "Authorization: Bearer <redacted>"],
    ["token syt_c3VwcG9ydA_abcdefghijklmnop_0a1b2c expired", "token syt_<redacted> expired"],
    ["refresh with syr_abcdefgh12345678", "refresh with syr_<redacted>"],
    ["GET /login?loginToken=abcDEF123&x=1", "GET /login?loginToken=<redacted>&x=1"],
    ['{"access_token":"abc.def","user_id":"@a:b"}', '{"access_token":"<redacted>","user_id":"@a:b"}'],
    ['{"password": "hunter2"}', '{"password": "<redacted>"}'],
    ["pickleKey=0123456789abcdef", "pickleKey=<redacted>"],
  ])("scrubs %s", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("leaves ordinary lines alone", () => {
    const line = "Joined !room:wallets.example.org as @support:example.org";
    expect(redactSecrets(line)).toBe(line);
  });
});

describe("configureLogging on a real electron-log instance", () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir !== null) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it("writes to the given file, with tokens scrubbed before they reach it", async () => {
    dir = await mkdtemp(join(tmpdir(), "wsc-log-"));
    const file = join(dir, "main.log");
    const logger = electronLog.create({ logId: "configure-test" });
    const log = configureLogging(logger, { verbose: false, file });
    logger.errorHandler.stopCatching();
    log.info("signed in with access_token=syt_secretsecretsecret");
    log.debug("debug lines stay out of the file");
    // Lines are written in order, asynchronously: once a later one is in, the debug line would be too.
    log.info("last line");
    await expect.poll(() => readFile(file, "utf8").catch(() => "")).toContain("last line");
    const written = await readFile(file, "utf8");
    expect(written).toContain("signed in with access_token=<redacted>");
    expect(written).not.toContain("secretsecret");
    expect(written).not.toContain("debug lines");
    expect(logger.transports.console.level).toBe("warn");
  });

  it("redacts error messages and stacks too", () => {
    const logger = electronLog.create({ logId: "configure-error-test" });
    const log = configureLogging(logger, { verbose: true, file: join(tmpdir(), "unused.log") });
    logger.errorHandler.stopCatching();
    logger.transports.file.level = false;
    logger.transports.console.level = false;
    const seen: unknown[][] = [];
    logger.transports.memory = Object.assign((message: { data: unknown[] }) => seen.push(message.data), {
      level: "debug" as const,
      transforms: [],
    });
    log.error("request failed", new Error("401 for Bearer syt_abcdefghijklmnop"));
    const [text, error] = seen[0] ?? [];
    expect(text).toBe("request failed");
    expect((error as Error).message).toBe("401 for Bearer <redacted>");
    expect((error as Error).stack).not.toContain("syt_abcdefghijklmnop");
  });
});
