import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code comes from: an npm package, a part of the kit, Node itself, or V8. */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const kit = /\/dist\/((?:apps|libs)\/[^/]+|generated\/[^/]+)/.exec(url);
  if (kit) return `kit ${kit[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by owner, largest first. */
  byOwner: { owner: string; ms: number; share: number }[];
  /** Self time by function, largest first. */
  byFunction: { fn: string; owner: string; ms: number; share: number }[];
}

/** Self time of a `.cpuprofile` (node --cpu-prof), by package and by function. */
export function summarizeProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const owners = new Map<string, number>();
  const functions = new Map<string, { owner: string; us: number }>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    totalUs += us;
    const owner = ownerOf(url, functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const fn =
      `${functionName || '(anonymous)'} ${url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`.trim();
    const entry = functions.get(fn) ?? { owner, us: 0 };
    entry.us += us;
    functions.set(fn, entry);
  }
  const share = (us: number) => Math.round((us / Math.max(1, totalUs)) * 1000) / 10;
  return {
    totalMs: Math.round(totalUs / 1000),
    byOwner: [...owners]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([owner, us]) => ({ owner, ms: Math.round(us / 1000), share: share(us) })),
    byFunction: [...functions]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([fn, { owner, us }]) => ({ fn, owner, ms: Math.round(us / 1000), share: share(us) })),
  };
}

/** The summary as text lines. */
export function profileText(name: string, summary: ProfileSummary): string {
  return [
    `${name}: ${summary.totalMs} ms of CPU samples (idle excluded)`,
    '  by package:',
    ...summary.byOwner.map((o) => `    ${String(o.share).padStart(5)}%  ${o.owner}`),
    '  by function (self time):',
    ...summary.byFunction.map((f) => `    ${String(f.share).padStart(5)}%  ${f.fn}  [${f.owner}]`),
  ].join('\n');
}
