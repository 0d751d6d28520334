import { parseArgs } from 'node:util';

export type Section = 'guard' | 'users' | 'rs256' | 'auth' | 'startup';
export const SECTIONS: Section[] = ['guard', 'users', 'rs256', 'auth', 'startup'];

export interface BenchArgs {
  smoke: boolean;
  /** `auth`: EdDSA tokens and keys from the real auth server (default); `local`: from the bench's key server. */
  keys: 'auth' | 'local';
  sections: Section[];
  /** Where latest.json and chart.svg go; the markdown goes to docs/ only for a full run of every section. */
  out?: string;
  /** Start the kit's apps under `node --cpu-prof` and print where their CPU time went. */
  cpuProf: boolean;
  /** Only rebuild docs/benchmarks.md and the chart from the last full run's results. */
  reportOnly: boolean;
}

/** `npm run bench -- [--smoke] [--keys auth|local] [--only guard,users,rs256,auth,startup] [--out DIR] [--cpu-prof] [--report-only]` */
export function benchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      keys: { type: 'string', default: 'auth' },
      only: { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.keys !== 'auth' && values.keys !== 'local')
    throw new Error('--keys must be auth or local');
  const sections = values.only ? (values.only.split(',') as Section[]) : SECTIONS;
  const unknown = sections.filter((s) => !SECTIONS.includes(s));
  if (unknown.length)
    throw new Error(`--only: unknown section ${unknown.join(', ')} (${SECTIONS.join(', ')})`);
  if (values.keys === 'local' && sections.includes('auth')) {
    throw new Error(
      '--keys local cannot run the auth section: add --only guard,users,rs256,startup',
    );
  }
  return {
    smoke: values.smoke,
    keys: values.keys,
    sections,
    out: values.out,
    cpuProf: values['cpu-prof'],
    reportOnly: values['report-only'],
  };
}
