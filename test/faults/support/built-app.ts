import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type AppName = 'auth' | 'api' | 'mcp';

/** The entry point `npm run build` writes for an app. */
export const mainOf = (app: AppName) => join('dist', 'apps', app, 'src', 'main.js');

function newestSource(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
        newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  dirs.forEach(walk);
  return newest;
}

const APPS: AppName[] = ['auth', 'api', 'mcp'];
const LOCK = join('dist', '.test-build.lock');

function fresh(): boolean {
  const sources = newestSource([
    ...APPS.map((app) => join('apps', app, 'src')),
    'libs',
    'generated',
  ]);
  return APPS.every((app) => existsSync(mainOf(app)) && statSync(mainOf(app)).mtimeMs >= sources);
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the apps (`tsc -p tsconfig.build.json`, as `npm run build`) unless the output
 * is newer than every source, so tests that spawn the real built process (signals, exit codes) run
 * the code under test. A lock directory keeps two test files from building at once.
 */
export function ensureBuilt(): void {
  if (fresh()) return;
  mkdirSync('dist', { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (waited > 120_000) rmSync(LOCK, { recursive: true, force: true });
      sleepSync(200);
    }
  }
  try {
    if (fresh()) return;
    // What `npm run build` runs: one compile of every app and lib.
    const result = spawnSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (result.status !== 0) {
      if (!APPS.every((app) => existsSync(mainOf(app))))
        throw new Error(`build failed: ${result.stderr || result.stdout}`);
      // A work-in-progress elsewhere in the tree does not compile: run the last good build.
      console.warn(
        `build failed, using the existing dist/: ${(result.stdout || result.stderr).slice(0, 500)}`,
      );
      return;
    }
    // Unchanged outputs may keep their old times: stamp the entry points so fresh() holds.
    const now = new Date();
    for (const app of APPS) if (existsSync(mainOf(app))) utimesSync(mainOf(app), now, now);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** A built app running as a child process. */
export interface SpawnedApp {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  stderr(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node dist/apps/<app>/src/main.js` with exactly `env` (plus PATH), from `cwd` (default the
 * repository root; a `.env` file there would be loaded by the app, so isolation tests pass a temp dir).
 */
export function spawnApp(
  app: AppName,
  env: Record<string, string>,
  cwd?: string,
  nodeArgs: string[] = [],
): SpawnedApp {
  const child = spawn(process.execPath, [...nodeArgs, resolve(mainOf(app))], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (all += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    all += chunk.toString();
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => all, stderr: () => err, exited };
}

/** Polls `url` until it answers 200 (or the process ends, or `timeoutMs` passes). */
export async function waitForHttp(url: string, app: SpawnedApp, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void app.exited.then(() => (ended = true));
  while (Date.now() < deadline && !ended) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${url} did not answer 200${ended ? ' (process exited)' : ''}:\n${app.output().slice(-2000)}`,
  );
}
