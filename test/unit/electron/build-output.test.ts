// The bundles as Electron will load them: built for real with Vite into a temporary directory.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildShell } from "../../../scripts/build-electron.ts";

let outDir = "";
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "wsc-build-"));
  await buildShell(outDir);
}, 120_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function requiresOf(code: string): string[] {
  return [
    ...new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1] ?? "")),
  ];
}

describe("the built shell", () => {
  it("has a sandbox-ready preload: one CommonJS file whose only require is electron", async () => {
    const preload = await readFile(join(outDir, "preload.cjs"), "utf8");
    expect(requiresOf(preload)).toEqual(["electron"]);
    expect(preload).not.toMatch(/\bimport\s*\(|^import\s/m);
    expect(preload).toContain("exposeInMainWorld(BRIDGE_NAME");
    expect(preload).not.toContain('exposeInMainWorld("ipcRenderer"');
  });

  it("has a main process that needs nothing but electron and Node's built-ins at run time", async () => {
    const main = await readFile(join(outDir, "main.cjs"), "utf8");
    const allowed = new Set(["electron", ...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    // ajv's code generator mentions its runtime by name inside generated source strings, not as a require.
    const unexpected = requiresOf(main).filter(
      (name) => !allowed.has(name) && !name.startsWith("ajv/dist/runtime/"),
    );
    expect(unexpected).toEqual([]);
  });

  it("ships the installer's config.json, validated, and the icon", async () => {
    expect(JSON.parse(await readFile(join(outDir, "config.json"), "utf8"))).toMatchObject({
      defaultLanguage: "en",
    });
    const icon = await readFile(join(outDir, "icon.png"));
    expect([...icon.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join("")).toBe("PNG");
    expect(icon.readUInt32BE(16)).toBe(512);
    expect(icon.readUInt32BE(20)).toBe(512);
  });
});
