import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/support/errors.js';
import { AgentSessionError } from './agent-session-error.js';
import {
  CAPABILITY_TYPES,
  Capability,
  type CapabilityAttrs,
  expectCapabilityType,
  isCapabilityType,
} from './capability.js';

/** Run `fn`; return the AgentSessionError it throws (fails on any other outcome). */

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
function safeJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(safeJson);
  return Object.entries(value).every(([k, v]) => !FORBIDDEN.has(k) && safeJson(v));
}
const key = fc.string({ maxLength: 12 }).filter((k) => !FORBIDDEN.has(k));
const config = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 })).filter(safeJson);
const text = fc.string({ minLength: 1, maxLength: 40 });
const capabilityAttrs = fc.record(
  {
    name: text,
    type: fc.constantFrom(...CAPABILITY_TYPES),
    description: fc.option(text, { nil: null }),
    enabled: fc.boolean(),
    config,
    permissions: fc.array(text, { maxLength: 4 }),
  },
  { requiredKeys: ['name', 'type'] },
);

describe('capability types', () => {
  it('are the seven of the taxonomy, frozen', () => {
    expect(CAPABILITY_TYPES).toEqual([
      'tool',
      'resource',
      'prompt',
      'sampling',
      'file_access',
      'network_access',
      'code_execution',
    ]);
    expect(Object.isFrozen(CAPABILITY_TYPES)).toBe(true);
    expect(Capability.types).toBe(CAPABILITY_TYPES);
  });

  it('are recognised and parsed', () => {
    expect(isCapabilityType('tool')).toBe(true);
    expect(isCapabilityType('Tool')).toBe(false);
    expect(isCapabilityType(7)).toBe(false);
    expect(expectCapabilityType('sampling', 'f')).toBe('sampling');
    expect(caught(() => expectCapabilityType('nope', 'f')).code).toBe('invalid_capability_type');
    expect(caught(() => expectCapabilityType(undefined, 'f')).message).toBe('f is required');
    expect(caught(() => expectCapabilityType(3, 'f')).code).toBe('validation_error');
  });
});

describe('Capability.create', () => {
  it('fills defaults and freezes the value', () => {
    const c = Capability.create({ name: 'web_search', type: 'tool' });
    expect(c).toEqual({
      name: 'web_search',
      type: 'tool',
      description: null,
      enabled: true,
      config: {},
      permissions: [],
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.config)).toBe(true);
    expect(Object.isFrozen(c.permissions)).toBe(true);
  });

  it('keeps every given field and accepts every type', () => {
    for (const type of CAPABILITY_TYPES) {
      const c = Capability.create({
        name: `cap-${type}`,
        type,
        description: 'does things',
        enabled: false,
        config: { depth: 2, nested: { list: [1, 'a', null, true] } },
        permissions: ['read', 'write'],
      });
      expect(c.type).toBe(type);
      expect(c.enabled).toBe(false);
      expect(c.description).toBe('does things');
      expect(c.config).toEqual({ depth: 2, nested: { list: [1, 'a', null, true] } });
      expect(c.permissions).toEqual(['read', 'write']);
    }
  });

  it('copies its input deeply and never mutates it', () => {
    const attrs = {
      name: 'fs',
      type: 'file_access' as const,
      config: { roots: ['/tmp'], opts: { follow: false } },
      permissions: ['read'],
    };
    const before = structuredClone(attrs);
    const c = Capability.create(attrs);
    expect(attrs).toEqual(before);
    expect(Object.isFrozen(attrs)).toBe(false);
    attrs.config.roots.push('/etc');
    attrs.config.opts.follow = true;
    attrs.permissions.push('write');
    expect(c.config).toEqual({ roots: ['/tmp'], opts: { follow: false } });
    expect(c.permissions).toEqual(['read']);
    expect(Object.isFrozen(c.config.roots)).toBe(true);
  });

  it('accepts a name of exactly 512 characters', () => {
    expect(Capability.create({ name: 'n'.repeat(512), type: 'tool' }).name).toHaveLength(512);
  });

  it('throws invalid_capability_type for an unknown type, naming the field', () => {
    const error = caught(() =>
      Capability.create({ name: 'x', type: 'telepathy' } as unknown as CapabilityAttrs),
    );
    expect(error.code).toBe('invalid_capability_type');
    expect(error.message).toContain('capability.type');
    expect(error.message).toContain('telepathy');
    expect(error.details).toEqual({ field: 'capability.type' });
  });

  const bad: [string, unknown, string][] = [
    ['null attrs', null, 'capability'],
    ['string attrs', 'tool', 'capability'],
    ['array attrs', [], 'capability'],
    ['number attrs', 42, 'capability'],
    ['undefined attrs', undefined, 'capability'],
    ['class instance attrs', new Date(0), 'capability'],
    ['missing name', { type: 'tool' }, 'capability.name'],
    ['empty name', { name: '', type: 'tool' }, 'capability.name'],
    ['numeric name', { name: 5, type: 'tool' }, 'capability.name'],
    ['huge name', { name: 'n'.repeat(513), type: 'tool' }, 'capability.name'],
    ['missing type', { name: 'x' }, 'capability.type'],
    ['empty type', { name: 'x', type: '' }, 'capability.type'],
    ['numeric type', { name: 'x', type: 1 }, 'capability.type'],
    ['boxed type', { name: 'x', type: Object('tool') }, 'capability.type'],
    ['numeric description', { name: 'x', type: 'tool', description: 1 }, 'capability.description'],
    ['empty description', { name: 'x', type: 'tool', description: '' }, 'capability.description'],
    ['string enabled', { name: 'x', type: 'tool', enabled: 'yes' }, 'capability.enabled'],
    ['null enabled', { name: 'x', type: 'tool', enabled: null }, 'capability.enabled'],
    ['null config', { name: 'x', type: 'tool', config: null }, 'capability.config'],
    ['array config', { name: 'x', type: 'tool', config: [] }, 'capability.config'],
    ['Map config', { name: 'x', type: 'tool', config: new Map() }, 'capability.config'],
    [
      'function in config',
      { name: 'x', type: 'tool', config: { f: () => 1 } },
      'capability.config.f',
    ],
    [
      'NaN in config',
      { name: 'x', type: 'tool', config: { n: Number.NaN } },
      'capability.config.n',
    ],
    ['string permissions', { name: 'x', type: 'tool', permissions: 'r' }, 'capability.permissions'],
    [
      'numeric permission',
      { name: 'x', type: 'tool', permissions: [1] },
      'capability.permissions[0]',
    ],
    [
      'empty permission',
      { name: 'x', type: 'tool', permissions: ['r', ''] },
      'capability.permissions[1]',
    ],
    [
      'hole in permissions',
      { name: 'x', type: 'tool', permissions: new Array(2).fill('r', 1) },
      'capability.permissions[0]',
    ],
  ];
  it.each(bad)('throws validation_error for %s, naming the field', (_, attrs, field) => {
    const error = caught(() => Capability.create(attrs as CapabilityAttrs));
    expect(error.code).toBe('validation_error');
    expect(error.message.startsWith(`${field} `)).toBe(true);
    expect(error.details.field).toBe(field);
  });

  it('rejects __proto__, constructor and prototype keys in config without polluting', () => {
    for (const json of [
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"deep":{"__proto__":{"polluted":true}}}',
      '{"list":[{"prototype":1}]}',
    ]) {
      const attrs = { name: 'x', type: 'tool' as const, config: JSON.parse(json) };
      expect(caught(() => Capability.create(attrs)).code).toBe('validation_error');
      expect(caught(() => Capability.fromJSON(attrs)).message).toContain('forbidden key');
    }
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores unknown top-level keys, including an own __proto__', () => {
    const attrs = JSON.parse('{"name":"x","type":"tool","__proto__":{"enabled":false},"extra":1}');
    const c = Capability.create(attrs);
    expect(c.enabled).toBe(true);
    expect(Object.keys(c)).toEqual([
      'name',
      'type',
      'description',
      'enabled',
      'config',
      'permissions',
    ]);
    expect(Object.hasOwn(Object.prototype, 'enabled')).toBe(false);
  });

  it('prefixes messages with a custom field', () => {
    expect(caught(() => Capability.create({ name: '', type: 'tool' }, 'caps[3]')).message).toMatch(
      /^caps\[3\]\.name /,
    );
  });
});

describe('Capability.enable / disable', () => {
  it('return new frozen values and leave the original alone', () => {
    const on = Capability.create({ name: 'x', type: 'tool', config: { a: 1 } });
    const off = Capability.disable(on);
    expect(off.enabled).toBe(false);
    expect(on.enabled).toBe(true);
    expect(Object.isFrozen(off)).toBe(true);
    expect(off.config).toBe(on.config);
    const again = Capability.enable(off);
    expect(again).toEqual(on);
    expect(Object.isFrozen(again)).toBe(true);
    expect(Capability.enable(on).enabled).toBe(true);
    expect(Capability.disable(off).enabled).toBe(false);
  });
});

describe('Capability JSON', () => {
  it('round-trips through JSON text', () => {
    const c = Capability.create({
      name: 'bash',
      type: 'code_execution',
      description: 'runs commands',
      config: { timeoutMs: 1000, shell: '/bin/sh' },
      permissions: ['exec'],
    });
    const json = Capability.toJSON(c);
    expect(Object.isFrozen(json)).toBe(false);
    expect(Capability.fromJSON(JSON.parse(JSON.stringify(json)))).toEqual(c);
  });

  it('fromJSON validates like create', () => {
    expect(caught(() => Capability.fromJSON({ name: 'x', type: 'magic' })).code).toBe(
      'invalid_capability_type',
    );
    expect(caught(() => Capability.fromJSON('nope')).code).toBe('validation_error');
    expect(Capability.fromJSON({ name: 'x', type: 'tool' }).enabled).toBe(true);
  });

  it('fromJSON(toJSON(c)) equals c for generated capabilities', () => {
    fc.assert(
      fc.property(capabilityAttrs, (attrs) => {
        const c = Capability.create(attrs as CapabilityAttrs);
        const back = Capability.fromJSON(Capability.toJSON(c));
        expect(back).toEqual(c);
        expect(Object.isFrozen(back)).toBe(true);
      }),
    );
  });

  it('fromJSON on fuzzed input succeeds or throws an AgentSessionError', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    const nearlyValid = fc.record(
      {
        name: fc.oneof(text, anything),
        type: fc.oneof(fc.constantFrom(...CAPABILITY_TYPES), anything),
        description: anything,
        enabled: fc.oneof(fc.boolean(), anything),
        config: fc.oneof(config, anything),
        permissions: fc.oneof(fc.array(text), anything),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(anything, nearlyValid), (value) => {
        try {
          Capability.fromJSON(value);
        } catch (error) {
          expect(AgentSessionError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
