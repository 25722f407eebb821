// Drives the baseline client (baseline-client.ts) in a child Node process: start it, wait for its reports,
// stop it. Reports arrive as IPC messages; every wait has a deadline and says what never came.
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export type BaselineCommand =
  | { kind: "start"; homeserverUrl: string; userId: string; password: string; autoJoin: boolean }
  | { kind: "memory"; settleMs: number }
  | { kind: "auto-join"; on: boolean }
  | { kind: "broadcast"; roomId: string; body: string }
  | { kind: "recover"; recoveryKey: string }
  | { kind: "stop" };

export type BaselineReport =
  | {
      kind: "prepared";
      signInMs: number;
      rooms: number;
      deviceId: string;
      /** Time spent in /sync requests until PREPARED, their bytes and count. */
      syncMs: number;
      syncBytes: number;
      syncRequests: number;
      /** /sync requests the SDK abandoned (client-side time-out) and sent again. */
      syncFailures: number;
    }
  | { kind: "memory"; heapUsed: number; rss: number; external: number; arrayBuffers: number; gc: boolean }
  | { kind: "message"; roomId: string; eventId: string; body: string; at: number }
  | { kind: "joined"; roomId: string; at: number }
  | { kind: "sent"; body: string; at: number }
  | { kind: "recovered"; backupVersion: string | null }
  | { kind: "ok" }
  | { kind: "stopped" }
  | { kind: "error"; message: string };

type Of<K extends BaselineReport["kind"]> = Extract<BaselineReport, { kind: K }>;

export class BaselineClient {
  private readonly child: ChildProcess;
  private readonly reports: BaselineReport[] = [];
  private readonly waiters = new Set<() => void>();
  readonly errors: string[] = [];

  private constructor(child: ChildProcess) {
    this.child = child;
    child.on("message", (report: BaselineReport) => {
      if (report.kind === "error") this.errors.push(report.message);
      this.reports.push(report);
      for (const wake of [...this.waiters]) wake();
    });
  }

  static spawn(): BaselineClient {
    const child = fork(join(import.meta.dirname, "baseline-client.ts"), [], {
      execArgv: ["--expose-gc"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    return new BaselineClient(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  command(cmd: BaselineCommand): void {
    this.child.send(cmd);
  }

  /** The first report (already received or future) of `kind` that matches `predicate`. */
  waitFor<K extends BaselineReport["kind"]>(
    kind: K,
    predicate: (r: Of<K>) => boolean = () => true,
    timeoutMs = 60_000,
  ): Promise<Of<K>> {
    const find = () => this.reports.find((r): r is Of<K> => r.kind === kind && predicate(r as Of<K>));
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found) {
          cleanup();
          resolve(found);
          return true;
        }
        const error = this.reports.find((r) => r.kind === "error");
        if (error && kind !== "error") {
          cleanup();
          reject(new Error(`baseline client failed: ${(error as Of<"error">).message}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`the baseline client did not report "${kind}" within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      const wake = () => void check();
      if (!check()) this.waiters.add(wake);
    });
  }

  /** Forgets reports of `kind` seen so far (so a later wait sees only new ones). */
  clear(kind: BaselineReport["kind"]): void {
    for (let i = this.reports.length - 1; i >= 0; i--)
      if (this.reports[i]!.kind === kind) this.reports.splice(i, 1);
  }

  /** Signs out (deleting its device) and waits for the process to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once("exit", () => r()));
    this.command({ kind: "stop" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
