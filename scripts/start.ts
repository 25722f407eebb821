// `npm start` (after `npm run build`): launches the desktop app with the Electron binary from
// node_modules. Where the binary could not be downloaded, says so in one sentence and exits non-zero.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { findElectronBinary } from "./electron-binary.ts";

const root = join(import.meta.dirname, "..");
const binary = findElectronBinary(root);
if (binary === null) {
  console.error(
    "The desktop app cannot start because the Electron binary is not installed (node_modules/electron/dist is missing; it is downloaded from GitHub, which needs network access) — use `npm run web` or `npm run demo` to run the console in a browser instead.",
  );
  process.exit(1);
}

// ELECTRON_RUN_AS_NODE in the caller's environment would start a plain Node instead of the app.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: "inherit", env });
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal === null ? 0 : 1));
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
