import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/support/errors.js';
import { AgentSessionError } from './agent-session-error.js';
import type { CapabilityType } from './capability.js';
import { Manifest, type ManifestAttrs } from './manifest.js';
import { Registry } from './registry.js';

const claude = Manifest.create({
  name: 'claude-coder',
  version: '1.0.0',
  provider: 'claude',
  capabilities: [
    { name: 'bash', type: 'code_execution' },
    { name: 'web', type: 'network_access', enabled: false },
  ],
});
const codex = Manifest.create({
  name: 'codex-coder',
  version: '2.0.0',
  provider: 'codex',
  capabilities: [{ name: 'web', type: 'network_access' }],
});
const bare = Manifest.create({ name: 'bare', version: '0.0.1' });

function filled(): Registry {
  let r = Registry.create();
  for (const m of [codex, claude, bare]) r = Registry.register(r, m);
  return r;
}

describe('Registry', () => {
  it('starts empty and frozen', () => {
    const r = Registry.create();
    expect(Registry.count(r)).toBe(0);
    expect(Registry.list(r)).toEqual([]);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.manifests)).toBe(true);
  });

  it('registers manifests and lists them sorted by name', () => {
    const r = filled();
    expect(Registry.count(r)).toBe(3);
    expect(Registry.list(r).map((m) => m.name)).toEqual(['bare', 'claude-coder', 'codex-coder']);
    expect(Registry.get(r, 'codex-coder')).toEqual(codex);
    expect(Registry.get(r, 'ghost')).toBeUndefined();
    expect(Registry.has(r, 'bare')).toBe(true);
    expect(Registry.has(r, 'ghost')).toBe(false);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(Registry.list(r))).toBe(true);
  });

  it('register leaves the previous registry unchanged and validates attrs', () => {
    const empty = Registry.create();
    const one = Registry.register(empty, { name: 'x', version: '1' });
    expect(Registry.count(empty)).toBe(0);
    expect(Registry.get(one, 'x')?.provider).toBeNull();
    expect(Object.isFrozen(Registry.get(one, 'x'))).toBe(true);
    expect(caught(() => Registry.register(empty, { name: '', version: '1' })).code).toBe(
      'validation_error',
    );
    expect(caught(() => Registry.register(empty, null as unknown as ManifestAttrs)).code).toBe(
      'validation_error',
    );
  });

  it('register rejects a taken name with already_exists', () => {
    const r = filled();
    const error = caught(() => Registry.register(r, { name: 'bare', version: '9' }));
    expect(error.code).toBe('already_exists');
    expect(error.message).toContain('"bare"');
    expect(Registry.get(r, 'bare')?.version).toBe('0.0.1');
  });

  it('unregister removes a manifest or throws not_found', () => {
    const r = filled();
    const next = Registry.unregister(r, 'claude-coder');
    expect(Registry.list(next).map((m) => m.name)).toEqual(['bare', 'codex-coder']);
    expect(Registry.count(r)).toBe(3);
    const error = caught(() => Registry.unregister(r, 'ghost'));
    expect(error.code).toBe('not_found');
    expect(error.details).toEqual({ name: 'ghost' });
  });

  it('update replaces a manifest through a function', () => {
    const r = filled();
    const next = Registry.update(r, 'bare', (m) =>
      Manifest.addCapability(m, { name: 'p', type: 'prompt' }),
    );
    expect(Registry.get(next, 'bare')?.capabilities.map((c) => c.name)).toEqual(['p']);
    expect(Registry.get(r, 'bare')?.capabilities).toEqual([]);
    expect(
      Registry.update(r, 'bare', (m) => ({ ...m, version: '0.0.2' })).manifests[0]?.version,
    ).toBe('0.0.2');
  });

  it('update throws not_found, refuses renames and validates the result', () => {
    const r = filled();
    expect(caught(() => Registry.update(r, 'ghost', (m) => m)).code).toBe('not_found');
    const rename = caught(() => Registry.update(r, 'bare', (m) => ({ ...m, name: 'other' })));
    expect(rename.code).toBe('validation_error');
    expect(rename.message).toContain('manifest.name');
    expect(caught(() => Registry.update(r, 'bare', (m) => ({ ...m, version: '' }))).code).toBe(
      'validation_error',
    );
  });

  it('handles names that are special object keys', () => {
    let r = Registry.create();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      r = Registry.register(r, { name, version: '1' });
    }
    expect(Registry.get(r, '__proto__')?.name).toBe('__proto__');
    expect(Registry.has(r, 'valueOf')).toBe(false);
    expect(Registry.count(Registry.unregister(r, 'constructor'))).toBe(3);
    expect(Object.hasOwn(Object.prototype, 'version')).toBe(false);
  });

  it('filters by provider', () => {
    const r = filled();
    expect(Registry.filterByProvider(r, 'claude').map((m) => m.name)).toEqual(['claude-coder']);
    expect(Registry.filterByProvider(r, null).map((m) => m.name)).toEqual(['bare']);
    expect(Registry.filterByProvider(r, 'gemini')).toEqual([]);
    expect(Object.isFrozen(Registry.filterByProvider(r, 'codex'))).toBe(true);
  });

  it('filters by enabled capability type', () => {
    const r = filled();
    const names = (type: CapabilityType) =>
      Registry.filterByCapabilityType(r, type).map((m) => m.name);
    expect(names('network_access')).toEqual(['codex-coder']);
    expect(names('code_execution')).toEqual(['claude-coder']);
    expect(names('sampling')).toEqual([]);
    const error = caught(() => Registry.filterByCapabilityType(r, 'magic' as CapabilityType));
    expect(error.code).toBe('invalid_capability_type');
    expect(error.message).toContain('magic');
  });
});

describe('Registry JSON', () => {
  it('round-trips, sorting and validating manifests', () => {
    const r = filled();
    expect(Registry.fromJSON(JSON.parse(JSON.stringify(Registry.toJSON(r))))).toEqual(r);
    expect(Registry.fromJSON({})).toEqual(Registry.create());
    const unsorted = { manifests: [Manifest.toJSON(codex), Manifest.toJSON(bare)] };
    expect(Registry.list(Registry.fromJSON(unsorted)).map((m) => m.name)).toEqual([
      'bare',
      'codex-coder',
    ]);
  });

  it('rejects repeated names and bad shapes', () => {
    const twice = {
      manifests: [Manifest.toJSON(bare), Manifest.toJSON(codex), Manifest.toJSON(bare)],
    };
    expect(caught(() => Registry.fromJSON(twice)).code).toBe('already_exists');
    expect(caught(() => Registry.fromJSON({ manifests: null })).message).toMatch(
      /^registry\.manifests /,
    );
    expect(caught(() => Registry.fromJSON({ manifests: [{}] })).message).toMatch(
      /^registry\.manifests\[0\]\.name /,
    );
    expect(caught(() => Registry.fromJSON([])).code).toBe('validation_error');
  });

  it('keeps any set of names sorted and unique', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 20 }),
        (names) => {
          let r = Registry.create();
          for (const name of names) r = Registry.register(r, { name, version: '1' });
          const listed = Registry.list(r).map((m) => m.name);
          expect(listed).toEqual([...names].sort());
          for (const name of names) expect(Registry.get(r, name)?.name).toBe(name);
          expect(Registry.fromJSON(Registry.toJSON(r))).toEqual(r);
        },
      ),
    );
  });

  it('fromJSON on fuzzed input succeeds or throws an AgentSessionError', () => {
    const anything = fc.anything({ withNullPrototype: true, withSparseArray: true, withMap: true });
    const manifest = fc.record({ name: fc.string(), version: fc.string(), capabilities: anything });
    fc.assert(
      fc.property(
        fc.oneof(anything, fc.record({ manifests: fc.oneof(fc.array(manifest), anything) })),
        (value) => {
          try {
            Registry.fromJSON(value);
          } catch (error) {
            expect(AgentSessionError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
