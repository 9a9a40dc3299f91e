import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  selfPercent: number;
  selfMs: number;
  name: string;
  where: string;
}

/** Self time per function in a `--cpu-prof` profile, highest first; `groupBy: 'package'` sums by npm package. */
export function summariseCpuProfile(file: string, top = 25, groupBy: 'function' | 'package' = 'function'): { totalMs: number; lines: ProfileLine[] } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { us: number; name: string; where: string }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = shortUrl(url);
    const key = groupBy === 'package' ? packageOf(url, functionName) : `${functionName}@${url}:${lineNumber}`;
    const name = groupBy === 'package' ? key : functionName || '(anonymous)';
    const entry = selfUs.get(key) ?? { us: 0, name, where: groupBy === 'package' ? '' : `${where}:${lineNumber + 1}` };
    entry.us += us;
    selfUs.set(key, entry);
  });
  const lines = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ selfPercent: (100 * e.us) / total, selfMs: e.us / 1000, name: e.name, where: e.where }));
  return { totalMs: total / 1000, lines };
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const root = path.resolve(__dirname, '..', '..');
  return url.replace(`file://${root}/`, '').replace(root + '/', '');
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return 'node core';
  const root = path.resolve(__dirname, '..', '..');
  const rel = url.replace(`file://${root}/`, '');
  return rel.split('/').slice(0, 2).join('/');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: tsx scripts/bench/cpu-profile-summary.ts FILE.cpuprofile [top]\n');
    process.exit(2);
  }
  const top = Number(process.argv[3] ?? 25);
  for (const groupBy of ['function', 'package'] as const) {
    const { totalMs, lines } = summariseCpuProfile(file, top, groupBy);
    process.stdout.write(`\nself time by ${groupBy} (${(totalMs / 1000).toFixed(1)} s sampled)\n`);
    for (const l of lines) process.stdout.write(`${l.selfPercent.toFixed(1).padStart(5)} %  ${l.selfMs.toFixed(0).padStart(7)} ms  ${l.name}  ${l.where}\n`);
  }
}
