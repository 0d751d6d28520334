// Test-only preload (node --expose-gc --import=<this file>): on SIGWINCH the process collects its
// garbage and prints the heap still in use, so a soak can tell a leak from allocator noise in RSS.
// Not SIGUSR2: Nest's enableShutdownHooks() treats that one as a shutdown signal.
process.on('SIGWINCH', () => {
  globalThis.gc?.();
  process.stdout.write(`HEAP_USED ${process.memoryUsage().heapUsed}\n`);
});
