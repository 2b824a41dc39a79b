/**
 * Reads a V8 .cpuprofile and prints where the time went: self time by module and by function, and
 * inclusive time of the functions whose frame matches a pattern (our sources by default). Percentages
 * are of all samples in the profile, start-up included.
 */
import { readFileSync } from 'node:fs';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: Frame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const short = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, 'npm:').replace(/^.*?\/(src|intents|bench)\//, '$1/');
const label = (f: Frame) => `${f.functionName || '(anonymous)'} ${short(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;

/** `measured` requests (the load's measured window) turn percentages into rough µs per request too. */
export function summarize(file: string, measured = 0, ours = /^\S+ (src|intents)\//, top = 30): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + d);
    total += d;
  });
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const f = byId.get(id)!.callFrame;
    add(byFunction, label(f), us);
    add(byModule, short(f.url).split('/').slice(0, 2).join('/') || f.functionName, us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(byId.get(cur)!.callFrame);
      if (!seen.has(k)) add(inclusive, k, us);
      seen.add(k);
    }
  }
  const list = (m: Map<string, number>, filter: (k: string) => boolean = () => true) =>
    [...m]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(6)}%${measured ? `${(v / measured).toFixed(1).padStart(8)} µs/req` : ''}  ${k}`)
      .join('\n');
  return [
    `${file}: ${(total / 1000).toFixed(0)} ms sampled`,
    '--- self time by module',
    list(byModule),
    '--- self time by function',
    list(byFunction),
    '--- inclusive time, our functions',
    list(inclusive, (k) => ours.test(k)),
  ].join('\n');
}
