// One config for the renderer build (Vite + Svelte) and the three test layers (Vitest projects).
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  root: `${root}/renderer`,
  base: "./",
  plugins: [svelte({ configFile: `${root}/svelte.config.js` })],
  build: {
    outDir: `${root}/dist/web`,
    emptyOutDir: true,
    target: "es2023",
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  // The QR decoder's worker is an ES module (zxing-wasm's loader is one); its WebAssembly is an asset of the build.
  worker: { format: "es" },
  // The crypto WASM is loaded by URL at run time; pre-bundling would break that URL.
  optimizeDeps: { exclude: ["@matrix-org/matrix-sdk-crypto-wasm"] },
  server: { host: "127.0.0.1" },
  test: {
    root,
    // What tests, the core and matrix-js-sdk print goes to test-results/logs/<run>/tests.log; the terminal shows
    // it only for a failing test (`npx vitest --silent=false` shows everything).
    silent: "passed-only",
    reporters: ["default", "./test/harness/log-file-reporter.ts"],
    // Every Synapse- or Chromium-backed test takes seconds; only those past half a minute are worth a line.
    slowTestThreshold: 30_000,
    projects: [
      {
        extends: true,
        // Unit tests run beside Synapse and Chromium in `npm test`: CPU-heavy ones (the guard's corpus) can pass
        // vitest's 5 s default on a busy machine without anything being wrong; 30 s still catches a hang.
        test: {
          name: "unit",
          root,
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          root,
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/harness/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          maxWorkers: 2,
          // One more try for a test against a live Synapse and Chromium on a busy two-core machine; a test that
          // passes only on its retry is listed by name at the end of the run (log-file-reporter.ts) to be fixed.
          retry: 1,
        },
      },
      {
        // Long fault and flood tests: run by .ci/run after npm test (`npm run test:stress`).
        extends: true,
        test: {
          name: "stress",
          root,
          include: ["test/stress/**/*.test.ts"],
          globalSetup: ["test/harness/global-setup.ts"],
          testTimeout: 1_200_000,
          hookTimeout: 300_000,
          maxWorkers: 1,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          root,
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/harness/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
          retry: 1,
        },
      },
    ],
  },
});
