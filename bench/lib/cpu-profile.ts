import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import { relative } from 'node:path';

/** The parts of a V8 CPU profile this summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Time attributed to one function (or file) of a profile. */
export interface ProfileEntry {
  readonly name: string;
  /** Microseconds on the CPU in this function itself. */
  readonly selfUs: number;
  /** Microseconds with this function anywhere on the stack (recursion counted once). */
  readonly totalUs: number;
}

/** A profile reduced to the time spent in each function and in each source file. */
export interface ProfileSummary {
  readonly sampledUs: number;
  readonly functions: readonly ProfileEntry[];
  readonly files: readonly ProfileEntry[];
  /** Self time by directory (`src/manager`, `node:internal`, …); native frames by their name. */
  readonly areas: readonly ProfileEntry[];
}

/**
 * Start sampling this process's CPU (every `intervalUs` µs); `stop()` returns the profile with each
 * frame mapped back to its TypeScript source line, when the process runs with
 * `--enable-source-maps` (otherwise positions stay those of the transpiled code).
 */
export async function startCpuProfile(intervalUs = 100): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const out = profile as unknown as CpuProfile;
      for (const node of out.nodes) {
        const frame = node.callFrame;
        if (!frame.url.startsWith('file:')) continue;
        const entry = findSourceMap(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
        if (entry && 'originalLine' in entry) {
          frame.url = entry.originalSource;
          frame.lineNumber = entry.originalLine;
          frame.columnNumber = entry.originalColumn;
        }
      }
      return out;
    },
  };
}

function areaOf(file: string): string {
  if (file.startsWith('node:')) return file.split('/')[0] as string;
  const slash = file.lastIndexOf('/');
  return slash === -1 ? file : file.slice(0, slash);
}

function fileOf(url: string, root: string): string {
  if (url === '') return '(native)';
  const path = url.startsWith('file://') ? new URL(url).pathname : url;
  return path.startsWith(root) ? relative(root, path) : path;
}

/**
 * Summarise a CPU profile: self and total time per function (named with its file and line) and
 * per file, file paths relative to `root`.
 */
export function summariseCpuProfile(profile: CpuProfile, root: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = new Map<number, { fn: string; file: string }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = fileOf(url, root);
    keyOf.set(node.id, {
      fn: `${functionName || '(anonymous)'} ${where}${url === '' ? '' : `:${lineNumber + 1}`}`,
      file: where,
    });
  }

  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const fileSelf = new Map<string, number>();
  const fileTotal = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) =>
    map.set(key, (map.get(key) ?? 0) + us);
  let sampledUs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap to the next sample: the time the CPU stayed where it was seen.
    const us = deltas[i + 1] ?? 0;
    const id = samples[i] as number;
    const own = keyOf.get(id);
    if (own === undefined) continue;
    sampledUs += us;
    add(fnSelf, own.fn, us);
    add(fileSelf, own.file, us);
    const seenFns = new Set<string>();
    const seenFiles = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf.get(at);
      if (key === undefined || byId.get(at)?.callFrame.functionName === '(root)') continue;
      if (!seenFns.has(key.fn)) {
        seenFns.add(key.fn);
        add(fnTotal, key.fn, us);
      }
      if (!seenFiles.has(key.file)) {
        seenFiles.add(key.file);
        add(fileTotal, key.file, us);
      }
    }
  }
  const entries = (self: Map<string, number>, total: Map<string, number>) =>
    [...total.keys()]
      .map((name) => ({ name, selfUs: self.get(name) ?? 0, totalUs: total.get(name) ?? 0 }))
      .sort((a, b) => b.selfUs - a.selfUs);
  const areaSelf = new Map<string, number>();
  for (const [name, us] of fileSelf) add(areaSelf, areaOf(name), us);
  for (const [name, us] of fnSelf) if (name.endsWith(' (native)')) add(areaSelf, name, us);
  areaSelf.delete('(native)');
  return {
    sampledUs,
    areas: [...areaSelf]
      .map(([name, us]) => ({ name, selfUs: us, totalUs: us }))
      .sort((a, b) => b.selfUs - a.selfUs),
    functions: entries(fnSelf, fnTotal),
    files: entries(fileSelf, fileTotal),
  };
}
