// `npm run build:electron`: bundles the main process (electron/main.ts → dist/electron/main.cjs) and the
// preload (electron/preload.ts → dist/electron/preload.cjs) with Vite's library mode, validates and copies
// the installer's build/config.json, and copies the icon. Each entry is its own build: a sandboxed preload
// must be ONE CommonJS file whose only require is "electron", so nothing may be split into shared chunks.
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { ConfigError, parseConfigText } from "../electron/config.ts";

const root = join(import.meta.dirname, "..");
const external = ["electron", ...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

async function bundle(name: "main" | "preload", outDir: string): Promise<void> {
  await build({
    configFile: false,
    root,
    logLevel: "warn",
    // Resolve packages for Node, not the browser (electron-log ships both).
    ssr: { target: "node", noExternal: true },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: false,
      target: "node22",
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      lib: { entry: join(root, "electron", `${name}.ts`), formats: ["cjs"], fileName: () => `${name}.cjs` },
      rolldownOptions: { external, output: { codeSplitting: false } },
    },
  });
}

/** The installer's defaults are checked here, so an admin learns about a typo at build time, not on a desk. */
async function copyBundledConfig(outDir: string): Promise<void> {
  const source = join(root, "build", "config.json");
  const text = await readFile(source, "utf8");
  parseConfigText(text, "build/config.json");
  await writeFile(join(outDir, "config.json"), text);
}

/** Builds the shell into `outDir` (dist/electron by default; tests build into a temporary directory). */
export async function buildShell(outDir = join(root, "dist", "electron")): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await copyBundledConfig(outDir);
  await bundle("main", outDir);
  await bundle("preload", outDir);
  await copyFile(join(root, "build", "icon.png"), join(outDir, "icon.png"));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildShell();
    console.log("Built dist/electron (main.cjs, preload.cjs, config.json, icon.png)");
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}
