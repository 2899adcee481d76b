import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/support/errors.js';
import { AgentSessionError } from './agent-session-error.js';
import { CAPABILITY_TYPES, Capability } from './capability.js';
import { Manifest, type ManifestAttrs } from './manifest.js';

const base = (): ManifestAttrs => ({
  name: 'coder',
  version: '1.0.0',
  provider: 'claude',
  capabilities: [
    { name: 'bash', type: 'code_execution' },
    { name: 'web', type: 'network_access', enabled: false },
  ],
});

describe('Manifest.create', () => {
  it('builds a frozen manifest with defaults', () => {
    const m = Manifest.create({ name: 'a', version: '0.1.0' });
    expect(m).toEqual({
      name: 'a',
      version: '0.1.0',
      provider: null,
      description: null,
      capabilities: [],
      metadata: {},
    });
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m.capabilities)).toBe(true);
    expect(Object.isFrozen(m.metadata)).toBe(true);
  });

  it('validates capabilities given as attrs or values, and does not mutate input', () => {
    const attrs = base();
    const before = structuredClone(attrs);
    const m = Manifest.create(attrs);
    expect(attrs).toEqual(before);
    expect(m.capabilities.map((c) => c.name)).toEqual(['bash', 'web']);
    expect(m.capabilities.every((c) => Object.isFrozen(c))).toBe(true);
    const value = Capability.create({ name: 'x', type: 'tool' });
    expect(
      Manifest.create({ name: 'b', version: '1', capabilities: [value] }).capabilities[0],
    ).toEqual(value);
  });

  it('rejects repeated capability names with duplicate_capability', () => {
    const error = caught(() =>
      Manifest.create({
        name: 'a',
        version: '1',
        capabilities: [
          { name: 'x', type: 'tool' },
          { name: 'x', type: 'prompt' },
        ],
      }),
    );
    expect(error.code).toBe('duplicate_capability');
    expect(error.message).toContain('manifest.capabilities[1].name');
  });

  it('reports capability errors with their path', () => {
    const error = caught(() =>
      Manifest.create({
        name: 'a',
        version: '1',
        capabilities: [{ name: 'x', type: 'nope' }],
      } as never),
    );
    expect(error.code).toBe('invalid_capability_type');
    expect(error.details.field).toBe('manifest.capabilities[0].type');
  });

  const bad: [string, unknown, string][] = [
    ['null', null, 'manifest'],
    ['a string', 'coder', 'manifest'],
    ['an array', [], 'manifest'],
    ['missing name', { version: '1' }, 'manifest.name'],
    ['empty name', { name: '', version: '1' }, 'manifest.name'],
    ['numeric name', { name: 1, version: '1' }, 'manifest.name'],
    ['huge name', { name: 'm'.repeat(513), version: '1' }, 'manifest.name'],
    ['missing version', { name: 'a' }, 'manifest.version'],
    ['numeric version', { name: 'a', version: 1 }, 'manifest.version'],
    ['empty version', { name: 'a', version: '' }, 'manifest.version'],
    ['numeric provider', { name: 'a', version: '1', provider: 2 }, 'manifest.provider'],
    ['huge provider', { name: 'a', version: '1', provider: 'p'.repeat(513) }, 'manifest.provider'],
    ['numeric description', { name: 'a', version: '1', description: 2 }, 'manifest.description'],
    ['object capabilities', { name: 'a', version: '1', capabilities: {} }, 'manifest.capabilities'],
    [
      'null capability',
      { name: 'a', version: '1', capabilities: [null] },
      'manifest.capabilities[0]',
    ],
    ['array metadata', { name: 'a', version: '1', metadata: [] }, 'manifest.metadata'],
    ['bigint metadata', { name: 'a', version: '1', metadata: { n: 1n } }, 'manifest.metadata.n'],
  ];
  it.each(bad)('throws validation_error for %s, naming the field', (_, attrs, field) => {
    const error = caught(() => Manifest.create(attrs as ManifestAttrs));
    expect(error.code).toBe('validation_error');
    expect(error.message.startsWith(`${field} `)).toBe(true);
  });

  it('rejects forbidden keys in metadata without polluting Object.prototype', () => {
    for (const json of ['{"__proto__":{"polluted":1}}', '{"a":{"constructor":{}}}']) {
      const attrs = { name: 'a', version: '1', metadata: JSON.parse(json) };
      const error = caught(() => Manifest.fromJSON(attrs));
      expect(error.code).toBe('validation_error');
      expect(error.message).toContain('forbidden key');
    }
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('Manifest capabilities', () => {
  const m = Manifest.create(base());

  it('addCapability returns a new frozen manifest and leaves the old one alone', () => {
    const next = Manifest.addCapability(m, { name: 'read', type: 'file_access' });
    expect(next.capabilities.map((c) => c.name)).toEqual(['bash', 'web', 'read']);
    expect(m.capabilities).toHaveLength(2);
    expect(Object.isFrozen(next)).toBe(true);
    expect(Object.isFrozen(next.capabilities)).toBe(true);
  });

  it('addCapability validates and rejects a name already present', () => {
    const error = caught(() => Manifest.addCapability(m, { name: 'bash', type: 'tool' }));
    expect(error.code).toBe('duplicate_capability');
    expect(error.message).toContain('"bash"');
    expect(error.details).toEqual({ manifest: 'coder', capability: 'bash' });
    expect(caught(() => Manifest.addCapability(m, { name: 'z', type: 'x' } as never)).code).toBe(
      'invalid_capability_type',
    );
  });

  it('removeCapability removes by name or throws capability_not_found', () => {
    const next = Manifest.removeCapability(m, 'bash');
    expect(next.capabilities.map((c) => c.name)).toEqual(['web']);
    expect(Object.isFrozen(next.capabilities)).toBe(true);
    expect(m.capabilities).toHaveLength(2);
    const error = caught(() => Manifest.removeCapability(m, 'ghost'));
    expect(error.code).toBe('capability_not_found');
    expect(error.message).toContain('"ghost"');
  });

  it('getCapability and enabledCapabilities', () => {
    expect(Manifest.getCapability(m, 'web')?.type).toBe('network_access');
    expect(Manifest.getCapability(m, 'ghost')).toBeUndefined();
    const enabled = Manifest.enabledCapabilities(m);
    expect(enabled.map((c) => c.name)).toEqual(['bash']);
    expect(Object.isFrozen(enabled)).toBe(true);
  });
});

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
function safeJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(safeJson);
  return Object.entries(value).every(([k, v]) => !FORBIDDEN.has(k) && safeJson(v));
}
const text = fc.string({ minLength: 1, maxLength: 30 });
const json = fc
  .dictionary(
    fc.string({ maxLength: 10 }).filter((k) => !FORBIDDEN.has(k)),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .filter(safeJson);
const capability = fc.record({
  name: text,
  type: fc.constantFrom(...CAPABILITY_TYPES),
  description: fc.option(text, { nil: null }),
  enabled: fc.boolean(),
  config: json,
  permissions: fc.array(text, { maxLength: 3 }),
});
const manifestAttrs = fc.record({
  name: text,
  version: text,
  provider: fc.option(text, { nil: null }),
  description: fc.option(text, { nil: null }),
  capabilities: fc.uniqueArray(capability, { maxLength: 5, selector: (c) => c.name }),
  metadata: json,
});

describe('Manifest JSON', () => {
  it('round-trips through JSON text', () => {
    const m = Manifest.create({ ...base(), description: 'd', metadata: { team: 'infra' } });
    expect(Manifest.fromJSON(JSON.parse(JSON.stringify(Manifest.toJSON(m))))).toEqual(m);
  });

  it('fromJSON(toJSON(m)) equals m for generated manifests', () => {
    fc.assert(
      fc.property(manifestAttrs, (attrs) => {
        const m = Manifest.create(attrs);
        expect(Manifest.fromJSON(Manifest.toJSON(m))).toEqual(m);
      }),
    );
  });

  it('fromJSON on fuzzed input succeeds or throws an AgentSessionError', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    const nearlyValid = fc.record(
      {
        name: fc.oneof(text, anything),
        version: fc.oneof(text, anything),
        provider: anything,
        description: anything,
        capabilities: fc.oneof(
          fc.array(fc.oneof(capability, anything), { maxLength: 4 }),
          anything,
        ),
        metadata: fc.oneof(json, anything),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(anything, nearlyValid), (value) => {
        try {
          Manifest.fromJSON(value);
        } catch (error) {
          expect(AgentSessionError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
