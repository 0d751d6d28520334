import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for a long-running server, applied by `createApp` before the first request (docs/benchmarks.md,
 * "Memory", has the measurements):
 * - WebAssembly is compiled with the baseline compiler (Liftoff) only. The one WebAssembly module in
 *   the apps is Prisma 7's query compiler, compiled at the first query; its optimizing (TurboFan)
 *   pass left ~50 MiB of compiler memory in the process for good and bought no measurable speed,
 *   as Prisma caches query plans. Tests, which run PGlite's WebAssembly in-process, keep the default.
 * - The old generation grows by 25% of what survived the last full collection, instead of up to 4x
 *   on a fast machine: under load the apps otherwise let ~100 MiB of garbage stand before
 *   collecting it. The young generation's size can only be set on the command line
 *   (`--max-semi-space-size`, see scripts/lib/app-runtime.js).
 *
 * No Nest here: the bench's same-work references start with the same settings (as command-line
 * flags) without loading the framework.
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--liftoff-only', '--heap-growing-percent=25'];

/** Applies {@link SERVER_V8_FLAGS} to this process. */
export function tuneV8ForServer(): void {
  for (const flag of SERVER_V8_FLAGS) setFlagsFromString(flag);
}
