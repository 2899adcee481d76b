import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentSessionError } from './agent-session-error.js';
import { expectObject, jsonData, jsonObject, MAX_JSON_DEPTH, MAX_TEXT_LENGTH } from './validate.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(AgentSessionError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  return 'accepted';
}

describe('jsonData', () => {
  it('returns a frozen deep copy of JSON data, dropping undefined keys', () => {
    const input = { a: [1, { b: 'x' }], c: null, d: undefined };
    const out = jsonData(input, 'data') as { a: [number, { b: string }] };
    expect(out).toEqual({ a: [1, { b: 'x' }], c: null });
    expect(out).not.toBe(input);
    expect(Object.isFrozen(out.a[1])).toBe(true);
  });

  it('accepts shared (non-cyclic) references and unicode', () => {
    const shared = { emoji: '🦀 naïve 日本' };
    expect(jsonData({ x: shared, y: shared }, 'data')).toEqual({ x: shared, y: shared });
  });

  it('names the path of what it rejects', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = { back: cyclic };
    expect(messageOf(() => jsonData(cyclic, 'data'))).toBe('data.self.back contains a cycle');
    expect(messageOf(() => jsonData({ a: [1, () => 2] }, 'data'))).toContain('data.a[1]');
    expect(messageOf(() => jsonData({ n: 10n }, 'data'))).toContain('data.n');
    expect(messageOf(() => jsonData({ n: Number.POSITIVE_INFINITY }, 'data'))).toContain('finite');
    expect(messageOf(() => jsonData({ d: new Date() }, 'data'))).toContain('plain object');
    expect(messageOf(() => jsonData({ m: new Map() }, 'data'))).toContain('data.m');
    expect(messageOf(() => jsonData(Symbol('s'), 'data'))).toContain('data');
  });

  it('rejects prototype keys without polluting any prototype', () => {
    const evil = JSON.parse('{"a":{"__proto__":{"polluted":1}}}');
    expect(messageOf(() => jsonData(evil, 'data'))).toBe('data.a.__proto__ is a forbidden key');
    expect(messageOf(() => jsonData({ prototype: 1 }, 'data'))).toContain('forbidden');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds depth and string size', () => {
    let deep: unknown = 1;
    for (let i = 0; i <= MAX_JSON_DEPTH; i++) deep = [deep];
    expect(messageOf(() => jsonData(deep, 'data'))).toContain('nested deeper');
    expect(messageOf(() => jsonData({ s: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, 'data'))).toContain(
      'data.s is longer',
    );
  });

  it('turns -0 into 0, as JSON does, also inside frozen data it would otherwise share', () => {
    const copied = jsonData({ n: -0, list: [-0, 1] }, 'data') as { n: number; list: number[] };
    expect(Object.is(copied.n, 0)).toBe(true);
    expect(Object.is(copied.list[0], 0)).toBe(true);
    const frozen = Object.freeze({ n: -0 });
    const shared = jsonObject(frozen, 'data');
    expect(shared).not.toBe(frozen);
    expect(Object.is(shared.n, 0)).toBe(true);
  });

  it('either copies faithfully or throws AgentSessionError for any input', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withTypedArray: true }), (v) => {
        try {
          const out = jsonData(v, 'data');
          expect(JSON.parse(JSON.stringify(out ?? null))).toEqual(out ?? null);
        } catch (error) {
          expect(AgentSessionError.isInstance(error)).toBe(true);
        }
      }),
    );
  });
});

describe('jsonObject on frozen data', () => {
  it('shares a frozen object of valid values instead of copying it', () => {
    const data = Object.freeze({ delta: 'x', n: 1, nested: Object.freeze({ ok: true }) });
    expect(jsonObject(data, 'data')).toBe(data);
  });

  it('still copies or rejects what a frozen object may not hold', () => {
    const withMutableChild = Object.freeze({ nested: { ok: true } });
    const copied = jsonObject(withMutableChild, 'data');
    expect(copied).not.toBe(withMutableChild);
    expect(Object.isFrozen(copied.nested)).toBe(true);
    expect(() => jsonObject(Object.freeze({ bad: Number.NaN }), 'data')).toThrow(/data\.bad/);
    expect(() => jsonObject(Object.freeze({ fn: () => 1 }), 'data')).toThrow(/data\.fn/);
  });

  it('shares frozen arrays of valid values too, at any level', () => {
    const list = Object.freeze([1, 'two', Object.freeze({ three: Object.freeze([3]) })]);
    const data = Object.freeze({ list, empty: Object.freeze([]) });
    expect(jsonObject(data, 'data')).toBe(data);
    expect(jsonData(list, 'data')).toBe(list);
  });

  it('still copies or rejects what a frozen array may not hold', () => {
    const withMutable = Object.freeze([{ ok: true }]);
    const copied = jsonData(withMutable, 'data') as { ok: boolean }[];
    expect(copied).not.toBe(withMutable);
    expect(copied).toEqual([{ ok: true }]);
    expect(Object.isFrozen(copied[0])).toBe(true);
    expect(() => jsonData(Object.freeze([1, Number.NaN]), 'data')).toThrow(/data\[1\]/);
    expect(() => jsonData(Object.freeze([1, undefined]), 'data')).toThrow(/data\[1\]/);
    expect(() => jsonObject(Object.freeze({ a: Object.freeze([() => 1]) }), 'data')).toThrow(
      /data\.a\[0\]/,
    );
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = Object.freeze([deep]);
    expect(() => jsonData(deep, 'data')).toThrow(/deeper than/);
  });
});

describe('user data that throws when read', () => {
  const boom = new Error('getter exploded');
  const throwingGetter = () =>
    Object.defineProperty({ ok: 1 }, 'bad', {
      enumerable: true,
      get() {
        throw boom;
      },
    });
  const proxyThrowing = (trap: keyof ProxyHandler<object>) =>
    new Proxy(
      { a: 1 },
      {
        [trap]() {
          throw boom;
        },
      },
    );

  function rejection(fn: () => unknown): AgentSessionError {
    try {
      fn();
    } catch (error) {
      expect(AgentSessionError.isInstance(error), String(error)).toBe(true);
      return error as AgentSessionError;
    }
    return expect.unreachable('accepted');
  }

  it('a throwing getter is a validation_error naming the field, with the cause kept', () => {
    for (const read of [
      () => jsonObject(throwingGetter(), 'context'),
      () => jsonData({ nested: [throwingGetter()] }, 'data'),
      () => jsonObject(Object.freeze(throwingGetter()), 'metadata'),
    ]) {
      const error = rejection(read);
      expect(error.code).toBe('validation_error');
      expect(error.message).toMatch(/\.bad could not be read: getter exploded/);
      expect(error.cause).toBe(boom);
    }
    expect(rejection(() => jsonData({ nested: [throwingGetter()] }, 'data')).details).toEqual({
      field: 'data.nested[0].bad',
    });
  });

  it('Proxies whose traps throw are validation_error, whatever the trap', () => {
    for (const trap of ['get', 'ownKeys', 'getPrototypeOf', 'isExtensible', 'has'] as const) {
      for (const read of [
        () => jsonObject(proxyThrowing(trap), 'metadata'),
        () => jsonData({ inner: proxyThrowing(trap) }, 'data'),
        () => expectObject(proxyThrowing(trap), 'options'),
      ]) {
        let error: unknown = null;
        try {
          read();
        } catch (e) {
          error = e;
        }
        // Some traps are never consulted (the value is then accepted); none may escape raw.
        if (error !== null) {
          expect(AgentSessionError.isInstance(error), `${trap}: ${String(error)}`).toBe(true);
          expect((error as AgentSessionError).code).toBe('validation_error');
        }
      }
    }
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(rejection(() => jsonData({ gone: revocable.proxy }, 'data')).code).toBe(
      'validation_error',
    );
    expect(rejection(() => expectObject(revocable.proxy, 'options')).code).toBe('validation_error');
  });

  it('a throwing toJSON, or an error whose message getter throws, is still a validation_error', () => {
    const withToJson = {
      toJSON() {
        throw boom;
      },
    };
    expect(rejection(() => jsonObject(withToJson, 'data')).code).toBe('validation_error');
    const nasty = Object.defineProperty({}, 'x', {
      enumerable: true,
      get() {
        throw Object.defineProperty(new Error(), 'message', {
          get() {
            throw new Error('again');
          },
        });
      },
    });
    const error = rejection(() => jsonObject(nasty, 'data'));
    expect(error.code).toBe('validation_error');
    expect(error.message).toMatch(/^data\.x could not be read/);
    const nullProto = Object.defineProperty(Object.create(null), 'y', {
      enumerable: true,
      get() {
        throw Object.create(null);
      },
    });
    expect(rejection(() => jsonObject(nullProto, 'data')).message).toMatch(/^data\.y could not/);
  });

  it('expectObject reads a throwing getter as a validation_error naming the key', () => {
    const error = rejection(() => expectObject(throwingGetter(), 'attrs'));
    expect(error.message).toMatch(/^attrs\.bad could not be read/);
    expect(error.cause).toBe(boom);
    expect(expectObject({ a: 1 }, 'attrs')).toEqual({ a: 1 });
  });
});
