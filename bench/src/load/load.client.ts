import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DriverMessage, LoadResult, LoadSpec, WorkerMessage } from './load.types.js';

const WORKER = fileURLToPath(new URL('./load.worker.js', import.meta.url));

/** Called between the warm-up and the measured window, and after it (to snapshot counters). */
export interface LoadHooks {
  beforeMeasure?: () => void;
  afterMeasure?: () => void;
}

function next(child: ChildProcess, type: WorkerMessage['type']): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      if (message.type === 'failed') return done(() => reject(new Error(message.message)));
      if (message.type === type) done(() => resolve(message));
    };
    const onExit = (code: number | null) =>
      done(() => reject(new Error(`load worker exited (${code}) before "${type}"`)));
    const done = (settle: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * Runs loads side by side, each from its own child process: all warm up, then all measure
 * together. Returns one result per spec, in order.
 */
export async function runLoads(specs: LoadSpec[], hooks: LoadHooks = {}): Promise<LoadResult[]> {
  const children = specs.map(() =>
    fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const say = (child: ChildProcess, message: DriverMessage) => child.send(message);
  try {
    const warm = children.map((child) => next(child, 'warm'));
    children.forEach((child, i) => say(child, { type: 'start', spec: specs[i] }));
    await Promise.all(warm);
    hooks.beforeMeasure?.();
    const results = children.map((child) => next(child, 'result'));
    children.forEach((child) => say(child, { type: 'go' }));
    const settled = await Promise.all(results);
    hooks.afterMeasure?.();
    return settled.map((message) => (message as { result: LoadResult }).result);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}
