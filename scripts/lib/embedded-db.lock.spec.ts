/**
 * The data directory lock of the embedded database (lockDataDir) under contention: processes
 * started at the same moment race for it, and exactly one may win each time. Before the pid was
 * linked into place, a racer could read the winner's lock file while it was still empty, take it for
 * a stale one, delete it and win as well (two servers on one data directory). That was a race: this
 * test caught it in some runs, not in every one (8 racers: 1 round in 8 had two winners).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RACER = `
  const { lockDataDir } = await import(${JSON.stringify(resolve('scripts/lib/embedded-db.js'))});
  try {
    lockDataDir(process.argv[1]);
    console.log('won');
    setTimeout(() => {}, 1000); // hold the lock while the others try
  } catch (error) {
    console.log(error.code ?? error.message);
  }
`;

const race = (dataDir: string) =>
  new Promise<string>((done, fail) =>
    execFile(process.execPath, ['--input-type=module', '-e', RACER, dataDir], (error, stdout) => {
      if (error) fail(new Error(error.message));
      else done(stdout.trim());
    }),
  );

it('lets exactly one of eight processes started at once lock a data directory, ten times over', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kit-lock-'));
  try {
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => race(join(root, String(round), 'pglite'))),
      );
      expect(answers.filter((a) => a === 'won')).toHaveLength(1);
      expect(answers.filter((a) => a !== 'won')).toEqual(Array(7).fill('EMBEDDED_DB_LOCKED'));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 120_000);
