// `npm run dist` (checks build/config.json, then `npm run build`, then this): builds the installers for the current OS with the configuration
// in build/electron-builder.config.ts (Linux: AppImage, deb, tar.gz; Windows: NSIS; macOS: dmg).
// electron-builder downloads Electron and its packaging tools, so this needs network access.
import { join } from "node:path";
import { build, Platform } from "electron-builder";
import { ConfigError, loadConfigFiles } from "../electron/config.ts";
import { installerConfigProblems } from "./installer-config.ts";

const root = join(import.meta.dirname, "..");
const platforms: Partial<Record<NodeJS.Platform, { platform: Platform; installers: string }>> = {
  linux: { platform: Platform.LINUX, installers: "Linux installers (AppImage, deb, tar.gz)" },
  win32: { platform: Platform.WINDOWS, installers: "the Windows installer (NSIS)" },
  darwin: { platform: Platform.MAC, installers: "the macOS disk image (dmg)" },
};
// An installer bakes build/config.json in: refuse one without a homeserver (it would allow any server).
try {
  const problems = installerConfigProblems(await loadConfigFiles([join(root, "build", "config.json")]));
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (process.argv.includes("--check-only")) process.exit(0);

const target = platforms[process.platform];
if (target === undefined) {
  console.error(`Installers can be built on Linux, Windows or macOS, not on ${process.platform}.`);
  process.exit(1);
}

console.log(
  `Building ${target.installers}. This downloads Electron and electron-builder's ` +
    "packaging tools from GitHub, so it needs network access (about 100-200 MB the first time, cached after).",
);
try {
  const artifacts = await build({
    projectDir: root,
    config: join(root, "build", "electron-builder.config.ts"),
    targets: target.platform.createTarget(),
    publish: "never",
  });
  console.log(`Installers written to release/:\n${artifacts.map((file) => `  ${file}`).join("\n")}`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const offline = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|download/i.test(
    message,
  );
  console.error(
    offline
      ? `Could not download Electron or a packaging tool: building installers needs network access to github.com.\n(${message})`
      : message,
  );
  process.exit(1);
}
