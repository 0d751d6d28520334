/**
 * The data directory lock of the embedded database (lockDataDir) under contention: processes
 * started at the same moment race for it, and exactly one may win each time. Before the pid was
 * linked into place, a racer could read the winner's lock file while it was still empty, take it for
 * a stale one, delete it and win as well (two servers on one data directory). That was a race: this
 * test caught it in some runs, not in every one (8 racers: 1 round in 8 had two winners).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RACER = `
  const { lockDataDir } = await import(${JSON.stringify(resolve('scripts/lib/embedded-db.js'))});
  try {
    lockDataDir(process.argv[1]);
    console.log('won');
  } catch (error) {
    console.log(error.code ?? error.message);
  }
  // Every racer lives until the test closes its stdin: on a busy machine a racer may start after
  // the winner exited, and would rightly take over a dead process's lock.
  process.stdin.resume().on('end', () => process.exit(0));
`;

/** Starts a racer; resolves with its answer (it keeps running, holding what it won). */
function race(dataDir: string, racers: ChildProcess[]) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RACER, dataDir]);
  racers.push(child);
  return new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) done(out.trim());
    });
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`racer exited (${code}) before answering`)));
  });
}

async function endAll(racers: ChildProcess[]) {
  await Promise.all(
    racers.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.stdin?.end();
        }),
    ),
  );
}

it('lets exactly one of eight processes started at once lock a data directory, ten times over', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kit-lock-'));
  try {
    for (let round = 0; round < 10; round++) {
      const racers: ChildProcess[] = [];
      try {
        const answers = await Promise.all(
          Array.from({ length: 8 }, () => race(join(root, String(round), 'pglite'), racers)),
        );
        expect(answers.filter((a) => a === 'won')).toHaveLength(1);
        expect(answers.filter((a) => a !== 'won')).toEqual(Array(7).fill('EMBEDDED_DB_LOCKED'));
      } finally {
        await endAll(racers);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 120_000);
