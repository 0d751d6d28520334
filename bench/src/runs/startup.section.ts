import { freePort } from '../../../test/support/ports.js';
import { startKitApp, type AppName } from '../procs/stack.js';
import type { StartupRow } from '../report/results.types.js';
import { median } from '../report/stats.js';
import type { BenchContext } from './bench.context.js';

/**
 * Run 5: each app's time from `spawn` to its first 200 on `/health/live`, over fresh starts
 * (median), with the memory each reached once warm in the sections before.
 */
export async function startupSection(ctx: BenchContext): Promise<StartupRow[]> {
  ctx.log('start-to-ready');
  const rows: StartupRow[] = [];
  for (const app of ['auth', 'api', 'mcp'] as AppName[]) {
    const readyMs: number[] = [];
    const cpuMs: number[] = [];
    for (let i = 0; i < ctx.settings.starts; i++) {
      const started = await startKitApp(app, ctx.deployment, {
        port: await freePort(),
        env: app === 'auth' ? {} : ctx.eddsa.env,
      });
      readyMs.push(Math.round(started.readyMs));
      cpuMs.push(started.cpuMs());
      await started.stop();
    }
    const row: StartupRow = {
      app,
      readyMs,
      readyMedianMs: median(readyMs),
      cpuToReadyMs: median(cpuMs),
      rssWarmMiB: ctx.rssWarmMiB[app] ?? Number.NaN,
    };
    ctx.log(
      `  ${app}: ready in ${readyMs.join(', ')} ms (CPU ${cpuMs.join(', ')} ms); ${row.rssWarmMiB} MiB warm`,
    );
    rows.push(row);
  }
  return rows;
}
