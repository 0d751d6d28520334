/**
 * `npm run bench`: the kit's guard, auth server and apps measured side by side with the usual
 * alternatives, on one machine in one run. See docs/benchmarks.md for what it measures.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { benchArgs, SECTIONS } from './bench.args.js';
import { FULL, SMOKE } from './bench.settings.js';
import { startCountingProxy } from './keys/counting-proxy.js';
import { startKeyServer } from './keys/key-server.js';
import { benchDatabase } from './procs/database.js';
import { planDeployment, profileKitApps, startKitApp } from './procs/stack.js';
import { profileText, summarizeProfile } from './report/cpu-profile.js';
import { chartSvg } from './report/chart.svg.js';
import { markdown } from './report/markdown.js';
import type { BenchResults, ThroughputRow } from './report/results.types.js';
import { textTables } from './report/table.js';
import { evaluateTargets } from './report/targets.js';
import { getJwt, signUp } from './runs/auth.client.js';
import { authSection } from './runs/auth.section.js';
import type { BenchContext, Issuer } from './runs/bench.context.js';
import { guardSection, rs256Section } from './runs/guard.section.js';
import { startupSection } from './runs/startup.section.js';
import { usersSection } from './runs/users.section.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const args = benchArgs(process.argv.slice(2));
  if (args.reportOnly) return rewriteReport();
  const settings = args.smoke ? SMOKE : FULL;
  const began = performance.now();
  const loadAvgAtStart = loadavg();
  log(`bench: ${settings.mode} run, sections ${args.sections.join(', ')}, keys from ${args.keys}`);

  const profiles = args.cpuProf ? resolve(args.out ?? 'bench/results', 'profiles.tmp') : undefined;
  if (profiles) {
    rmSync(profiles, { recursive: true, force: true });
    profileKitApps(profiles);
  }
  const database = await benchDatabase();
  const keyServer = await startKeyServer();
  const keyProxy = await startCountingProxy(keyServer.url);
  const deployment = await planDeployment(database.url);
  const running: BenchContext['running'] = [];
  const ctx: BenchContext = {
    settings,
    log,
    deployment,
    keyServer,
    keyProxy,
    auth: null,
    eddsa: undefined as unknown as Issuer,
    running,
    rssWarmMiB: {},
    memoryReferences: [],
    failures: [],
    stopAll: async () => {
      await Promise.all(running.splice(0).map((app) => app.stop()));
    },
  };
  const throughput: ThroughputRow[] = [];
  let stormProbe: BenchResults['stormProbe'] = null;
  let startup: BenchResults['startup'] = [];

  try {
    if (args.keys === 'auth') {
      const app = await startKitApp('auth', deployment);
      const proxy = await startCountingProxy(app.url);
      const user = await signUp(app.url);
      ctx.auth = { app, proxy, user };
      ctx.eddsa = {
        description:
          "the kit's auth server (Better Auth JWT plugin, Ed25519), a real signed-in user",
        issuer: deployment.authUrl,
        jwksUri: proxy.urlOf('/api/auth/jwks'),
        hits: proxy.hits,
        env: { JWKS_URL: proxy.urlOf('/api/auth/jwks') },
        // the auth server puts every configured audience (API_URL, MCP_URL) in each token
        token: () => getJwt(app.url, user),
      };
    } else {
      const jwksUri = keyProxy.urlOf('/.well-known/jwks.json');
      ctx.eddsa = {
        description: "the bench's local key server (Ed25519)",
        issuer: keyServer.issuer,
        jwksUri,
        hits: keyProxy.hits,
        env: {
          AUTH_PROVIDER: 'custom',
          JWKS_URL: jwksUri,
          JWT_ISSUER: keyServer.issuer,
          JWT_ALGORITHMS: 'EdDSA',
        },
        token: (audience) => keyServer.sign('EdDSA', audience),
      };
    }

    if (args.sections.includes('guard')) throughput.push(...(await guardSection(ctx)));
    if (args.sections.includes('users')) throughput.push(...(await usersSection(ctx)));
    if (args.sections.includes('rs256')) throughput.push(...(await rs256Section(ctx)));
    if (args.sections.includes('auth')) {
      const auth = await authSection(ctx);
      throughput.push(...auth.rows);
      stormProbe = auth.probe;
    }
    if (args.sections.includes('startup')) startup = await startupSection(ctx);
  } catch (error) {
    ctx.failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    await ctx.stopAll();
    await ctx.auth?.app.stop();
    await ctx.auth?.proxy.close();
    await keyProxy.close();
    await keyServer.close();
    await database.stop();
  }

  for (const row of throughput)
    if (row.status === 'failed') ctx.failures.push(`${row.label}: ${row.note}`);
  const results: BenchResults = {
    date: new Date().toISOString(),
    mode: settings.mode,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      loadAvgAtStart,
      loadAvgAtEnd: loadavg(),
    },
    settings: { ...settings },
    keys: {
      guard: ctx.eddsa?.description ?? 'none',
      rs256: "the bench's local key server (RSA 2048)",
    },
    database: database.description,
    throughput,
    stormProbe,
    startup,
    memoryReferences: ctx.memoryReferences,
    targets: [],
    durationS: Math.round((performance.now() - began) / 1000),
    failures: ctx.failures,
  };
  results.targets = evaluateTargets(results);

  if (profiles) writeProfileSummary(profiles);
  log(`\n${textTables(results)}\n`);
  writeOutputs(results, args);
  if (ctx.failures.length) {
    log(`bench FAILED:\n${ctx.failures.map((f) => `  - ${f}`).join('\n')}`);
    return 1;
  }
  log(
    `bench: done in ${results.durationS} s${settings.mode === 'smoke' ? ' (smoke: figures mean nothing)' : ''}`,
  );
  return 0;
}

/** Prints and saves where each profiled app spent its CPU (profiles are written when apps exit). */
function writeProfileSummary(dir: string): void {
  if (!existsSync(dir)) return;
  const text = readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .sort()
    .map((file) => profileText(file, summarizeProfile(join(dir, file))))
    .join('\n\n');
  writeFileSync(join(dir, 'summary.txt'), `${text}\n`);
  log(`\n${text}\n\nbench: profiles and summary in ${dir}`);
}

/**
 * `--report-only`: rebuilds docs/benchmarks.md and the chart from bench/results/latest.json and
 * bench/NOTES.md, without measuring (after editing the notes).
 */
function rewriteReport(): number {
  const results = JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as BenchResults;
  results.targets = evaluateTargets(results);
  writeFileSync('bench/results/chart.svg', chartSvg(results));
  const notes = existsSync('bench/NOTES.md') ? readFileSync('bench/NOTES.md', 'utf8') : '';
  writeFileSync('docs/benchmarks.md', markdown(results, '../bench/results/chart.svg', notes));
  log(
    'bench: rewrote docs/benchmarks.md and bench/results/chart.svg from bench/results/latest.json',
  );
  return 0;
}

/**
 * A complete full run writes bench/results/{latest.json,chart.svg} and docs/benchmarks.md; any other
 * run (smoke, partial) writes to bench/results/<mode>.tmp/ (git-ignored) so it never replaces
 * published figures.
 */
function writeOutputs(results: BenchResults, args: ReturnType<typeof benchArgs>): void {
  const complete =
    results.mode === 'full' &&
    args.sections.length === SECTIONS.length &&
    args.keys === 'auth' &&
    !args.cpuProf;
  const out = args.out ?? (complete ? 'bench/results' : `bench/results/${results.mode}.tmp`);
  const docs = args.out ?? (complete ? 'docs' : out);
  for (const dir of [out, docs]) if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(out, 'chart.svg'), chartSvg(results));
  const notes = existsSync('bench/NOTES.md') ? readFileSync('bench/NOTES.md', 'utf8') : '';
  const chart = relative(docs, join(out, 'chart.svg'));
  writeFileSync(join(docs, 'benchmarks.md'), markdown(results, chart, notes));
  log(
    `bench: wrote ${join(out, 'latest.json')}, ${join(out, 'chart.svg')}, ${join(docs, 'benchmarks.md')}`,
  );
}

process.exitCode = await main().catch((error: unknown) => {
  log(`bench FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
