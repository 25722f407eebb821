import { spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findElectronBinary } from "../../../scripts/electron-binary.ts";

let root = "";
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "wsc-binary-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("finding the Electron binary without triggering a download", () => {
  it("is null when electron's install never completed", async () => {
    expect(findElectronBinary(root, {})).toBeNull();
    await mkdir(join(root, "node_modules", "electron"), { recursive: true });
    await writeFile(join(root, "node_modules", "electron", "path.txt"), "electron");
    // path.txt present but the download into dist/ failed (what happens without network).
    expect(findElectronBinary(root, {})).toBeNull();
  });

  it("finds node_modules/electron/dist/<path.txt>", async () => {
    const dist = join(root, "node_modules", "electron", "dist");
    await mkdir(dist, { recursive: true });
    await writeFile(join(root, "node_modules", "electron", "path.txt"), "electron");
    await writeFile(join(dist, "electron"), "");
    expect(findElectronBinary(root, {})).toBe(join(dist, "electron"));
  });

  it("honours ELECTRON_OVERRIDE_DIST_PATH like electron's own index.js", async () => {
    const custom = join(root, "custom");
    await mkdir(custom);
    await writeFile(join(custom, "electron"), "");
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: custom }, "linux")).toBe(
      join(custom, "electron"),
    );
    expect(
      findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: join(root, "nowhere") }, "linux"),
    ).toBeNull();
  });
});

describe("npm start without the binary", () => {
  it("says so in one sentence, points to the browser modes, and exits non-zero", async () => {
    const script = join(import.meta.dirname, "../../../scripts/start.ts");
    // An override that points nowhere makes the binary missing on every machine, including ones with it.
    const result = spawnSync(process.execPath, [script], {
      encoding: "utf8",
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(root, "nowhere") },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Electron binary is not installed/);
    expect(lines[0]).toContain("npm run web");
    expect(lines[0]).toContain("npm run demo");
  });

  // The stand-in is a shell script named like Linux's binary; macOS and Windows name theirs differently.
  it.skipIf(process.platform !== "linux")(
    "launches the binary with the app directory when it is there",
    async () => {
      const fake = join(root, "electron");
      // A stand-in executable that prints what it was started with.
      await writeFile(fake, '#!/bin/sh\necho "started $1"\n');
      await chmod(fake, 0o755);
      const script = join(import.meta.dirname, "../../../scripts/start.ts");
      const result = spawnSync(process.execPath, [script], {
        encoding: "utf8",
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: root },
      });
      expect(result.status).toBe(0);
      expect(result.stdout.trim()).toBe(`started ${join(import.meta.dirname, "../../..")}`);
    },
  );
});
