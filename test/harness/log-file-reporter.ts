// A Vitest reporter that keeps the terminal readable: everything tests, the core and matrix-js-sdk print goes to
// the run's tests.log (see run-logs.ts), each line under the test that printed it. The terminal shows a failing
// test's own logs (the config's `silent: "passed-only"`), one line saying where the run's logs are, and lines
// that begin with "skipped:" — the reason a whole file did not run (no Electron binary) must be seen, not filed.
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { UserConsoleLog } from "vitest";
import type { Reporter, TestModule, TestRunEndReason } from "vitest/node";
import { runLogDir, shownPath } from "./run-logs.ts";

export default class LogFileReporter implements Reporter {
  private file = "";
  private out: WriteStream | null = null;
  private lines = 0;
  /** Test, suite and module IDs to the names a person reads. */
  private readonly names = new Map<string, string>();

  onInit(): void {
    this.file = join(runLogDir(), "tests.log");
    this.out = createWriteStream(this.file, { flags: "a" });
  }

  /** Queued: a module's own top-level logs (printed while it is collected) are named by its file. */
  onTestModuleQueued(module: TestModule): void {
    this.names.set(module.id, module.relativeModuleId);
  }

  onTestModuleCollected(module: TestModule): void {
    const file = module.relativeModuleId;
    for (const suite of module.children.allSuites()) this.names.set(suite.id, `${file} > ${suite.fullName}`);
    for (const test of module.children.allTests()) this.names.set(test.id, `${file} > ${test.fullName}`);
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    const where = (log.taskId && this.names.get(log.taskId)) ?? "outside any test";
    const content = log.content.endsWith("\n") ? log.content : `${log.content}\n`;
    this.out?.write(`${log.type} | ${where}\n${content}\n`);
    this.lines++;
    if (/^skipped:/.test(log.content)) process.stdout.write(`${where}: ${content}`);
  }

  async onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    _errors: unknown,
    reason: TestRunEndReason,
  ): Promise<void> {
    await new Promise<void>((resolve) => (this.out ? this.out.end(resolve) : resolve()));
    this.out = null;
    const dir = shownPath(runLogDir());
    const server = modules.some((m) => m.project.name !== "unit") ? ", Synapse's in homeserver-*.log" : "";
    const failed = reason === "failed" ? " (a failing test's own logs are printed with it above)" : "";
    console.log(`Logs of this run: ${this.lines} entries in ${dir}/tests.log${server}${failed}`);
    // A retry keeps a busy machine from failing the run, but a test that needed one is a flaw to find, not noise.
    const flaky = modules.flatMap((m) => [...m.children.allTests()]).filter((t) => t.diagnostic()?.flaky);
    if (flaky.length > 0) {
      console.log(`Passed only on a retry (${flaky.length}; their first attempt is in tests.log):`);
      for (const t of flaky) console.log(`  flaky: ${t.module.relativeModuleId} > ${t.fullName}`);
    }
  }
}
