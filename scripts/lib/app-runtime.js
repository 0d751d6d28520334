// How the kit's apps are run from the build: `npm start`, `npm run start:*`, the bench and the
// container image (Dockerfile: NODE_OPTIONS and MALLOC_ARENA_MAX) all start
// `node <APP_NODE_FLAGS> dist/apps/<app>/src/main.js` with APP_ENV in the environment.

/**
 * Node flags for the apps' processes. A 4 MiB young-generation semi-space instead of V8's 16 MiB:
 * ~25 MiB less resident memory per app under load, no measurable throughput cost on the apps'
 * routes (docs/benchmarks.md, "Memory"). Only settable on the command line; the rest of the apps'
 * V8 tuning is applied in code (libs/platform, createApp).
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=4'];

/**
 * Environment for the apps' processes, under what the user sets. Two glibc malloc arenas instead of
 * one per thread (8 per core): the threads that hash passwords and compile code otherwise each keep
 * an arena of freed memory, ~15 MiB more resident memory for the auth server (docs/benchmarks.md,
 * "Memory"). Read by glibc when the process starts, so it cannot be set from inside the app.
 */
export const APP_ENV = { MALLOC_ARENA_MAX: '2' };

/** The built entry point of an app. */
export function appEntry(app) {
  return `dist/apps/${app}/src/main.js`;
}
