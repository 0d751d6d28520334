import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A server under test, running in a child process of its own. */
export interface AppProcess {
  name: string;
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 on `/health/live`. */
  readyMs: number;
  /**
   * Resident set size once the process has gone quiet (less than 5% of a core over half a second,
   * at most 10 s), in MiB to a tenth (Linux /proc; NaN elsewhere): what it keeps after a load, not what
   * requests still in flight hold.
   */
  settledRssMiB(): Promise<number>;
  /** CPU time (user + system, all threads) used so far, in ms (Linux /proc; NaN elsewhere). */
  cpuMs(): number;
  /** The last lines the process printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** Script and arguments for `node`. */
  args: string[];
  /** The whole environment of the child (nothing is inherited but PATH). */
  env: Record<string, string>;
  url: string;
  readyPath?: string;
  timeoutMs?: number;
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuOf(pid: number): number {
  try {
    // the command name may hold spaces: fields are counted after its closing parenthesis
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

const QUIET_WINDOW_MS = 500;

async function settledRssOf(pid: number, maxWaitMs = 10_000): Promise<number> {
  const deadline = performance.now() + maxWaitMs;
  for (;;) {
    const before = cpuOf(pid);
    await new Promise((r) => setTimeout(r, QUIET_WINDOW_MS));
    const busy = (cpuOf(pid) - before) / QUIET_WINDOW_MS;
    if (!(busy >= 0.05) || performance.now() > deadline) return Math.round(rssOf(pid) * 10) / 10;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Spawns `node <args>` and resolves once `readyPath` answers 200, timing it. */
export async function startApp(options: StartOptions): Promise<AppProcess> {
  const lines: string[] = [];
  const started = performance.now();
  const child = spawn(process.execPath, options.args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const output = () => lines.join('\n');
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = started + (options.timeoutMs ?? 30_000);
  const probe = `${options.url}${options.readyPath ?? '/health/live'}`;
  while (!(await answers(probe))) {
    if (exited) throw new Error(`${options.name} exited before it was ready:\n${output()}`);
    if (performance.now() > deadline) {
      await stop();
      throw new Error(
        `${options.name} not ready within ${options.timeoutMs ?? 30_000} ms:\n${output()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = performance.now() - started;
  return {
    name: options.name,
    url: options.url,
    pid: child.pid!,
    readyMs,
    settledRssMiB: () => settledRssOf(child.pid!),
    cpuMs: () => cpuOf(child.pid!),
    output,
    stop,
  };
}
