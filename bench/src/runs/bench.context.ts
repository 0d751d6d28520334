import type { BenchSettings } from '../bench.settings.js';
import type { CountingProxy } from '../keys/counting-proxy.js';
import type { KeyServer } from '../keys/key-server.js';
import type { AppProcess } from '../procs/app.process.js';
import type { MemoryReference } from '../report/results.types.js';
import type { AppName, Deployment } from '../procs/stack.js';
import type { BenchUser } from './auth.client.js';

/** Where the EdDSA tokens and keys of the guard runs come from. */
export interface Issuer {
  /** Shown in the report. */
  description: string;
  issuer: string;
  /** The JWKS URL verifiers are given: a counting proxy in front of the real endpoint. */
  jwksUri: string;
  hits: () => number;
  /** Environment that points the kit's resource servers at this issuer. */
  env: Record<string, string>;
  /** A fresh token for the given audience. */
  token(audience: string): Promise<string>;
}

/** Everything the sections share. */
export interface BenchContext {
  settings: BenchSettings;
  log: (line: string) => void;
  deployment: Deployment;
  keyServer: KeyServer;
  keyProxy: CountingProxy;
  /** The real auth server (null with `--keys local`). */
  auth: { app: AppProcess; proxy: CountingProxy; user: BenchUser } | null;
  eddsa: Issuer;
  /** Servers of the current section (auth excepted), stopped by {@link BenchContext.stopAll}. */
  running: AppProcess[];
  stopAll(): Promise<void>;
  /** Resident memory of each kit app once it has served load. */
  rssWarmMiB: Partial<Record<AppName, number>>;
  /** Resident memory of the same-work references once they have served load. */
  memoryReferences: MemoryReference[];
  failures: string[];
}
