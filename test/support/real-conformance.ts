import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ErrorCode } from '../../src/core/error-codes.js';
import type { ProviderAdapter } from '../../src/ports/provider-adapter.js';
import { runAdapterConformance } from '../../src/testing/adapter-conformance/index.js';
import { eventually, type FoundProcess } from './claude-kit.js';

/** How `realConformance` runs the adapter contract on a real CLI against fake servers. */
export interface RealConformanceOptions<Fake extends { close(): Promise<void> }, Reply> {
  /** The suite's name. */
  readonly name: string;
  /** The prefix of each adapter's temp dir. */
  readonly prefix: string;
  /** Start a fake answering every prompt with `reply`, or with a slowly streamed echo without. */
  readonly startFake: (reply?: Reply) => Promise<Fake>;
  /** The reply behind each provider error code. */
  readonly failures: Readonly<Record<string, Reply>>;
  /** An adapter on the real CLI talking to `fake`, its files in `dir`, working in `workspace`. */
  readonly adapterOn: (fake: Fake, dir: string, workspace: string) => ProviderAdapter;
  /** The live processes of the CLI whose files are in `dir`, and whatever it started. */
  readonly processes: (dir: string) => FoundProcess[];
}

/**
 * The adapter contract on a real CLI: one echoing fake for the file, and for each provider error
 * code a fake answering what causes it. Nothing of a test's runs may outlive the adapter's
 * `close()`.
 */
export function realConformance<Fake extends { close(): Promise<void> }, Reply>(
  options: RealConformanceOptions<Fake, Reply>,
): void {
  let echo: Fake | null = null;
  const failing: Fake[] = [];
  const dirs: string[] = [];
  const adapters: ProviderAdapter[] = [];

  beforeAll(async () => {
    echo = await options.startFake();
  });

  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.close?.();
    // Whatever the test did to its runs, nothing of them may outlive the adapter's close().
    const left = () => dirs.flatMap((dir) => options.processes(dir));
    if (!(await eventually(() => left().length === 0, 3_000))) {
      throw new Error(`processes left after close(): ${JSON.stringify(left())}`);
    }
    for (const fake of failing.splice(0)) await fake.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await echo?.close();
  });

  const adapterOn = (fake: Fake): ProviderAdapter => {
    const dir = mkdtempSync(join(tmpdir(), options.prefix));
    dirs.push(dir);
    const workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    const adapter = options.adapterOn(fake, dir, workspace);
    adapters.push(adapter);
    return adapter;
  };

  runAdapterConformance({
    name: options.name,
    createAdapter: () => {
      if (echo === null) throw new Error('the fake server runs only inside tests');
      return adapterOn(echo);
    },
    failingAdapter: async (code: ErrorCode) => {
      const reply = options.failures[code];
      if (reply === undefined) throw new Error(`no fake reply for ${code}`);
      const fake = await options.startFake(reply);
      failing.push(fake);
      return adapterOn(fake);
    },
    testTimeoutMs: 60_000,
  });
}
