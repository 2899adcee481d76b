import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/support/errors.js';
import { AgentSessionError } from './agent-session-error.js';
import { CAPABILITY_TYPES, Capability, type CapabilityType } from './capability.js';
import { CapabilityResolver, type CapabilityResolverOptions } from './capability-resolver.js';

const offered = [
  Capability.create({ name: 'bash', type: 'code_execution' }),
  Capability.create({ name: 'search', type: 'tool' }),
  Capability.create({ name: 'web', type: 'network_access', enabled: false }),
];

describe('CapabilityResolver.create', () => {
  it('keeps required and optional types, without repeats, frozen', () => {
    const r = CapabilityResolver.create({
      required: ['tool', 'tool', 'prompt'],
      optional: ['sampling', 'tool', 'sampling'],
    });
    expect(r.required).toEqual(['tool', 'prompt']);
    expect(r.optional).toEqual(['sampling']);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.required)).toBe(true);
    expect(Object.isFrozen(r.optional)).toBe(true);
    expect(CapabilityResolver.create().required).toEqual([]);
  });

  it('does not mutate or keep the given arrays', () => {
    const required: CapabilityType[] = ['tool'];
    const r = CapabilityResolver.create({ required });
    required.push('sampling');
    expect(r.required).toEqual(['tool']);
    expect(required).toEqual(['tool', 'sampling']);
  });

  it('throws invalid_capability_type for unknown types, naming the field', () => {
    const error = caught(() =>
      CapabilityResolver.create({ optional: ['tool', 'mind_reading' as CapabilityType] }),
    );
    expect(error.code).toBe('invalid_capability_type');
    expect(error.message).toContain('options.optional[1]');
    expect(error.message).toContain('mind_reading');
  });

  const bad: [string, unknown, string][] = [
    ['null options', null, 'options'],
    ['string options', 'tool', 'options'],
    ['string required', { required: 'tool' }, 'options.required'],
    ['object optional', { optional: {} }, 'options.optional'],
    ['numeric type', { required: [1] }, 'options.required[0]'],
    ['empty type', { required: [''] }, 'options.required[0]'],
    ['huge type', { required: ['t'.repeat(600)] }, 'options.required[0]'],
  ];
  it.each(bad)('throws validation_error for %s', (_, options, field) => {
    const error = caught(() => CapabilityResolver.create(options as CapabilityResolverOptions));
    expect(error.code).toBe('validation_error');
    expect(error.message.startsWith(`${field} `)).toBe(true);
  });
});

describe('negotiate', () => {
  it('is full when every requested type is offered', () => {
    const r = CapabilityResolver.create({ required: ['tool'], optional: ['code_execution'] });
    const result = r.negotiate(offered);
    expect(result).toEqual({
      status: 'full',
      supported: ['tool', 'code_execution'],
      unsupported: [],
      warnings: [],
    });
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.supported)).toBe(true);
    expect(Object.isFrozen(result.unsupported)).toBe(true);
    expect(Object.isFrozen(result.warnings)).toBe(true);
  });

  it('is full with nothing requested, even with no capabilities', () => {
    expect(CapabilityResolver.create().negotiate([]).status).toBe('full');
  });

  it('is degraded with one warning per missing optional type', () => {
    const r = CapabilityResolver.create({
      required: ['code_execution'],
      optional: ['sampling', 'tool', 'network_access'],
    });
    const result = r.negotiate(offered);
    expect(result.status).toBe('degraded');
    expect(result.supported).toEqual(['code_execution', 'tool']);
    expect(result.unsupported).toEqual(['sampling', 'network_access']);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toContain('sampling');
    expect(result.warnings[1]).toContain('network_access');
  });

  it('ignores disabled capabilities', () => {
    const r = CapabilityResolver.create({ required: ['network_access'] });
    expect(caught(() => r.negotiate(offered)).code).toBe('missing_required_capability');
    expect(r.negotiate(offered.map((c) => Capability.enable(c))).status).toBe('full');
  });

  it('throws missing_required_capability naming every missing type', () => {
    const r = CapabilityResolver.create({
      required: ['tool', 'sampling', 'prompt', 'network_access'],
      optional: ['resource'],
    });
    const error = caught(() => r.negotiate(offered));
    expect(error.code).toBe('missing_required_capability');
    for (const type of ['sampling', 'prompt', 'network_access'])
      expect(error.message).toContain(type);
    expect(error.message).not.toContain('tool');
    expect(error.details.missing).toEqual(['sampling', 'prompt', 'network_access']);
  });

  it('does not mutate the capabilities it reads', () => {
    const list = [...offered];
    CapabilityResolver.create({ optional: ['sampling'] }).negotiate(list);
    expect(list).toEqual(offered);
  });

  it('rejects malformed capability lists', () => {
    const r = CapabilityResolver.create({ required: ['tool'] });
    const negotiate = (value: unknown) => caught(() => r.negotiate(value as Capability[]));
    expect(negotiate(null).message).toMatch(/^capabilities must be an array/);
    expect(negotiate([null]).message).toMatch(/^capabilities\[0\] /);
    expect(negotiate([{ name: 'x' }]).message).toMatch(/^capabilities\[0\]\.type /);
    expect(negotiate([{ type: 'magic' }]).code).toBe('invalid_capability_type');
    expect(negotiate([{ type: 'tool', enabled: 'no' }]).message).toMatch(
      /^capabilities\[0\]\.enabled /,
    );
  });

  it('agrees with a simple model for any request and offer', () => {
    const types = fc.subarray([...CAPABILITY_TYPES]);
    const offer = fc.array(
      fc.record({ type: fc.constantFrom(...CAPABILITY_TYPES), enabled: fc.boolean() }),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(types, types, offer, (required, optional, caps) => {
        const capabilities = caps.map((c, i) => Capability.create({ name: `c${i}`, ...c }));
        const have = new Set(caps.filter((c) => c.enabled).map((c) => c.type));
        const r = CapabilityResolver.create({ required, optional });
        const missing = required.filter((t) => !have.has(t));
        if (missing.length > 0) {
          const error = caught(() => r.negotiate(capabilities));
          expect(error.details.missing).toEqual(missing);
          for (const t of missing) expect(error.message).toContain(t);
          return;
        }
        const result = r.negotiate(capabilities);
        const wanted = optional.filter((t) => !required.includes(t));
        const absent = wanted.filter((t) => !have.has(t));
        expect(result.unsupported).toEqual(absent);
        expect(result.status).toBe(absent.length > 0 ? 'degraded' : 'full');
        expect([...result.supported].sort()).toEqual(
          [...required, ...wanted.filter((t) => have.has(t))].sort(),
        );
        expect(result.warnings).toHaveLength(absent.length);
      }),
    );
  });

  it('negotiate and create on fuzzed input throw only AgentSessionError', () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withSparseArray: true,
      withBoxedValues: true,
    });
    fc.assert(
      fc.property(anything, anything, (options, capabilities) => {
        try {
          CapabilityResolver.create(options as CapabilityResolverOptions).negotiate(
            capabilities as Capability[],
          );
        } catch (error) {
          expect(AgentSessionError.isInstance(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
