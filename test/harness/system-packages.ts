// The two programs from the operating system the project needs: debootstrap (to build Synapse's chroot once) and
// Chromium (the browser tests and the benchmark). On a fresh Debian box where we run as root they are installed
// with apt-get, saying so in one line; elsewhere the error is one line with the exact command to run.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export class MissingSystemPackage extends Error {
  override name = "MissingSystemPackage";
}

/** Whether `program` is on the PATH (or in the sbin directories, where debootstrap lives). */
export function onPath(program: string): boolean {
  const dirs = (process.env.PATH || "").split(":").concat(["/usr/sbin", "/sbin"]);
  return dirs.some((dir) => dir && existsSync(join(dir, program)));
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    let tail = "";
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(" ")} failed (exit ${code}):\n${tail}`)),
    );
  });
}

/** One install at a time in this process (the integration and e2e set-ups may ask together). */
let installing: Promise<void> = Promise.resolve();

/**
 * Makes sure `check()` holds, installing Debian `pkg` with apt-get when it doesn't and we may. `why` completes
 * "Installing PKG with apt-get (…)" and "… is not installed (…)"; `otherwise` is advice for non-Debian systems.
 */
export function ensureSystemPackage(options: {
  pkg: string;
  check: () => boolean;
  why: string;
  otherwise?: string;
  log?: (line: string) => void;
}): Promise<void> {
  const { pkg, check, why } = options;
  const attempt = installing.then(async () => {
    if (check()) return;
    const command = `apt-get install -y ${pkg}`;
    if (!onPath("apt-get")) {
      throw new MissingSystemPackage(
        `${pkg} is not installed (${why}); ${options.otherwise ?? `install it with your system's package manager`}.`,
      );
    }
    if (!isRoot()) throw new MissingSystemPackage(`${pkg} is not installed (${why}): run sudo ${command}`);
    (options.log ?? console.log)(`Installing ${pkg} with apt-get (${why})…`);
    await run("apt-get", ["update", "-qq"]);
    await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", pkg]);
    if (!check()) throw new MissingSystemPackage(`${command} finished but ${pkg} is still not found`);
  });
  installing = attempt.catch(() => {});
  return attempt;
}
