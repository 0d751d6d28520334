// docker-compose.yml and the Dockerfile cannot run on this machine (no Docker): this checks that they
// agree with the repository: the environment .env.example documents, entry files, scripts, migrations.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadAuthConfig, loadResourceConfig } from '#config';
import { APP_ENV, APP_NODE_FLAGS } from '../scripts/lib/app-runtime.js';

type Service = {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number>;
  env_file?: Array<string | { path: string; required?: boolean }>;
  ports?: string[];
  restart?: string;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
};

const APPS = { auth: 'AUTH_PORT', api: 'API_PORT', mcp: 'MCP_PORT' } as const;
/** Variables compose sets to make its defaults a declared local trial of the production build. */
const LOCAL_TRIAL_SWITCHES = ['ALLOW_LOOPBACK_URLS', 'MAIL_TRANSPORT'];
type Env = Record<string, string>;

/**
 * A service's environment as compose resolves it with nothing set by the user: `${X:-d}` gives d,
 * and a required `${X:?…}` (the secret) gets a strong value.
 */
function defaults(environment: Service['environment'] = {}): Env {
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      String(value)
        .replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1')
        .replace(/\$\{[A-Z0-9_]+:\?[^}]*\}/g, 'kQ9v2Lr7Zp4Xw8Ym3Tn6Bc1Hd5Fg0Js2Ua7Ve4Wx9'),
    ]),
  );
}
type App = keyof typeof APPS;

/** Variable names and defaults of `.env.example`, the kit's documented environment. */
function documentedEnvironment(): { names: Set<string>; defaults: Map<string, string> } {
  const names = new Set<string>();
  const defaults = new Map<string, string>();
  for (const [, name, value] of readFileSync('.env.example', 'utf8').matchAll(
    /^([A-Z][A-Z0-9_]*)=(.*)$/gm,
  )) {
    names.add(name);
    if (value.trim()) defaults.set(name, value.trim());
  }
  return { names, defaults };
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const documented = documentedEnvironment();
const nestCli = JSON.parse(readFileSync('nest-cli.json', 'utf8')) as {
  projects: Record<string, { entryFile: string }>;
};
const dockerfile = readFileSync('Dockerfile', 'utf8');
const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } })
  .engines.node;

/** End of life of each Node LTS line (the Node.js release schedule). */
const NODE_END_OF_LIFE: Record<number, string> = {
  22: '2027-04-30',
  24: '2028-04-30',
  26: '2029-04-30',
};

/** The majors an `engines.node` range of `^M.m` and `>=M` alternatives admits, among the LTS lines above. */
function supportedMajors(range: string): number[] {
  return Object.keys(NODE_END_OF_LIFE)
    .map(Number)
    .filter((major) =>
      range.split('||').some((alternative) => {
        const [, op, low] = /^\s*(\^|>=)\s*(\d+)/.exec(alternative) ?? [];
        return op === '^' ? major === Number(low) : op === '>=' && major >= Number(low);
      }),
    );
}
const words = (command: Service['command']) =>
  Array.isArray(command) ? command : String(command ?? '').split(/\s+/);
const portOf = (app: App) => Number(documented.defaults.get(APPS[app]));

describe('docker-compose.yml', () => {
  it('has PostgreSQL 15, Redis 7, a one-shot migrate service and the three apps', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'migrate', 'auth', 'api', 'mcp']),
    );
    expect(services.postgres.image).toMatch(/^postgres:15/);
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(services.postgres.healthcheck).toBeDefined();
    expect(services.redis.healthcheck).toBeDefined();
  });

  it('reads the documented ports (3001, 3000, 3002 today)', () => {
    expect([portOf('auth'), portOf('api'), portOf('mcp')].every(Number.isInteger)).toBe(true);
  });

  it.each(Object.keys(APPS) as App[])('%s: port, host, health check, .env, database', (app) => {
    const service = services[app];
    const port = portOf(app);
    const env = service.environment ?? {};
    expect(service.ports).toContain(`127.0.0.1:${port}:${port}`);
    if (env[APPS[app]] !== undefined) expect(Number(env[APPS[app]])).toBe(port);
    expect(env.HOST).toBe('0.0.0.0');
    expect(words(service.healthcheck?.test).join(' ')).toContain(`127.0.0.1:${port}/health/ready`);
    expect(service.env_file).toContainEqual({ path: '.env', required: false });
    const database = new URL(String(env.DATABASE_URL));
    expect(database.hostname).toBe('postgres');
    const pg = services.postgres.environment ?? {};
    expect(database.pathname).toBe(`/${pg.POSTGRES_DB}`);
    expect(decodeURIComponent(database.username)).toBe(pg.POSTGRES_USER);
    expect(decodeURIComponent(database.password)).toBe(pg.POSTGRES_PASSWORD);
    expect(service.depends_on?.migrate?.condition).toBe('service_completed_successfully');
  });

  it.each(Object.keys(APPS) as App[])('%s runs the entry file nest builds', (app) => {
    const entry = `dist/${nestCli.projects[app].entryFile}.js`;
    expect(words(services[app].command)).toEqual(['node', entry]);
  });

  it('sets only variables .env.example documents', () => {
    for (const name of [...(Object.keys(APPS) as App[]), 'migrate']) {
      for (const key of Object.keys(services[name].environment ?? {})) {
        expect([key, documented.names.has(key)]).toEqual([key, true]);
      }
    }
  });

  describe('defaults: an honest local trial of the production build', () => {
    const load = {
      auth: (env: Env) => loadAuthConfig(env),
      api: (env: Env) => loadResourceConfig('api', env),
      mcp: (env: Env) => loadResourceConfig('mcp', env),
    };

    it.each(Object.keys(APPS) as App[])(
      '%s: boots with the defaults, which need the explicit opt-in',
      (app) => {
        const env = defaults(services[app].environment);
        expect(env.NODE_ENV).toBe('production');
        expect(env.ALLOW_LOOPBACK_URLS).toBe('true');
        expect(() => load[app](env)).not.toThrow();
        expect(() => load[app]({ ...env, ALLOW_LOOPBACK_URLS: 'false' })).toThrow(
          /must not be a loopback URL when NODE_ENV=production/,
        );
      },
    );

    it('writes mail to files only because MAIL_TRANSPORT=file says so', () => {
      const env = defaults(services.auth.environment);
      expect(loadAuthConfig(env).mail.transport).toBe('file');
      expect(() => loadAuthConfig({ ...env, MAIL_TRANSPORT: '' })).toThrow(/SMTP_URL is required/);
    });

    it('publishes no port beyond 127.0.0.1 while a public URL default is loopback', () => {
      for (const app of Object.keys(APPS) as App[]) {
        for (const mapping of services[app].ports ?? []) expect(mapping).toMatch(/^127\.0\.0\.1:/);
      }
    });

    it('documents each local-trial switch in .env.example and the README', () => {
      const example = readFileSync('.env.example', 'utf8');
      const readme = readFileSync('README.md', 'utf8');
      for (const name of LOCAL_TRIAL_SWITCHES) {
        expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
        expect(readme).toContain(`\`${name}\``);
      }
    });
  });

  it('points auth at the redis service and the resource servers at the auth container keys', () => {
    expect(new URL(String(services.auth.environment?.REDIS_URL)).hostname).toBe('redis');
    expect(services.auth.environment?.BETTER_AUTH_SECRET).toBeDefined();
    for (const app of ['api', 'mcp'] as const) {
      const jwks = String(services[app].environment?.JWKS_URL).replace(
        /^\$\{JWKS_URL:-(.*)\}$/,
        '$1',
      );
      expect(new URL(jwks)).toMatchObject({ hostname: 'auth', port: String(portOf('auth')) });
      expect(services[app].depends_on?.auth?.condition).toBe('service_healthy');
    }
  });

  it('migrates with the db:migrate script before any app starts', () => {
    const migrate = services.migrate;
    const script = words(migrate.command).find((word) => word.startsWith('scripts/'));
    expect(script).toBe('scripts/db-migrate.js');
    expect(existsSync(script!)).toBe(true);
    expect(migrate.restart).toBe('no');
    expect(new URL(String(migrate.environment?.DATABASE_URL)).hostname).toBe('postgres');
    expect(migrate.depends_on?.postgres?.condition).toBe('service_healthy');
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds every stage on a slim Node LTS image of a major `engines` supports and that is not end-of-life', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const major = Number(/^node:(\d+)-slim\b/.exec(stage)?.[1]);
      expect(supportedMajors(engines)).toContain(major);
      expect(major % 2).toBe(0); // even majors are the LTS lines
      expect(Date.parse(NODE_END_OF_LIFE[major] ?? '1970-01-01')).toBeGreaterThan(Date.now());
    }
  });

  it('builds in stages: npm ci, prisma generate, build, prune to production deps', () => {
    const build = stages[0];
    const order = ['npm ci', 'npm run prisma:generate', 'npm run build', 'npm prune --omit=dev'];
    const positions = order.map((step) => build.indexOf(step));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('runs as a non-root user with what the apps and migrations need', () => {
    const runtime = stages[stages.length - 1];
    const user = /^USER\s+(\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    for (const path of ['node_modules', 'dist', 'scripts', 'prisma', 'package.json']) {
      expect(runtime).toMatch(new RegExp(`COPY --from=\\S+ /app/${path} `));
    }
  });

  it('runs the apps with the node flags and environment `npm start` gives them', () => {
    const runtime = stages[stages.length - 1];
    const env = Object.fromEntries(
      [...runtime.matchAll(/^ENV\s+(.+)$/gm)].flatMap((m) =>
        m[1].split(/\s+/).map((pair) => {
          const at = pair.indexOf('=');
          return [pair.slice(0, at), pair.slice(at + 1)];
        }),
      ),
    );
    expect(env.NODE_OPTIONS).toBe(APP_NODE_FLAGS.join(' '));
    expect(env).toMatchObject(APP_ENV);
  });

  it('keeps secrets and local state out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', '.data', 'dist']));
  });
});
