import { AgentSessionError } from './agent-session-error.js';
import type { ErrorCode } from './error-codes.js';
import { describeThrown } from './thrown-value.js';

/** Longest accepted short string (ids, names, statuses, tags). */
export const MAX_NAME_LENGTH = 512;
/** Longest accepted text (message content, prompts): 16 MiB of UTF-16 code units. */
export const MAX_TEXT_LENGTH = 16 * 1024 * 1024;
/** Deepest accepted nesting of JSON data. */
export const MAX_JSON_DEPTH = 64;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Throw a `validation_error` (or `code`) whose message names the field. */
export function invalid(field: string, why: string, code: ErrorCode = 'validation_error'): never {
  throw new AgentSessionError(code, `${field} ${why}`, { details: { field } });
}

/** Describe a value's type for error messages without echoing the value. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'object') {
    try {
      if (Array.isArray(value)) return 'an array';
    } catch {
      return 'an unreadable object'; // a revoked Proxy
    }
    return isPlainObject(value) ? 'an object' : 'a class instance';
  }
  return `a ${typeof value}`;
}

/**
 * Whether `value` is a plain object (not null, not an array, prototype Object or null). A Proxy
 * whose traps throw is not one.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    if (Array.isArray(value)) return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

/** A `validation_error`: reading `field` threw (a getter, a Proxy trap); the thrown value is the cause. */
export function unreadable(field: string, error: unknown): never {
  throw new AgentSessionError(
    'validation_error',
    `${field} could not be read: ${thrownText(error)}`,
    {
      details: { field },
      cause: error,
    },
  );
}

// Own enumerable string keys; a throwing `ownKeys` trap names the field.
function keysOf(value: object, field: string): string[] {
  try {
    return Object.keys(value);
  } catch (error) {
    return unreadable(field, error);
  }
}

// One property read; a throwing getter or `get` trap names the property.
function read(value: object, key: string | number, field: string): unknown {
  try {
    return (value as Record<string | number, unknown>)[key];
  } catch (error) {
    return unreadable(field, error);
  }
}

/**
 * `value` as a plain object, or a `validation_error` naming `field`. The result is a snapshot of
 * its own enumerable properties: a getter or Proxy trap that throws is a `validation_error` naming
 * the property (the thrown value is kept as `cause`), and nothing is read twice.
 */
export function expectObject(value: unknown, field: string): Record<string, unknown> {
  const obj = checkPlainObject(value, field);
  const out: Record<string, unknown> = {};
  for (const key of keysOf(obj, field)) {
    if (FORBIDDEN_KEYS.has(key)) {
      // Copy it as an own property (never through the `__proto__` setter); validation rejects it later.
      Object.defineProperty(out, key, {
        value: read(obj, key, `${field}.${key}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      out[key] = read(obj, key, `${field}.${key}`);
    }
  }
  return out;
}

function checkPlainObject(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) invalid(field, 'is required');
  if (!isPlainObject(value)) invalid(field, `must be a plain object, got ${typeName(value)}`);
  return value;
}

/** `value` as a non-empty string no longer than `max`, or a `validation_error` naming `field`. */
export function expectString(value: unknown, field: string, max = MAX_NAME_LENGTH): string {
  if (value === undefined) invalid(field, 'is required');
  if (typeof value !== 'string') invalid(field, `must be a string, got ${typeName(value)}`);
  if (value.length === 0) invalid(field, 'must not be empty');
  if (value.length > max) invalid(field, `must be at most ${max} characters, got ${value.length}`);
  return value;
}

/** `value` as a string or null (undefined becomes null). */
export function expectOptionalString(value: unknown, field: string, max = MAX_NAME_LENGTH) {
  return value === undefined || value === null ? null : expectString(value, field, max);
}

/** `value` as an integer ≥ `min`, or a `validation_error` naming `field`. */
export function expectInteger(value: unknown, field: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    invalid(field, `must be an integer >= ${min}`);
  }
  return value;
}

/** `value` as a finite number ≥ 0, or a `validation_error` naming `field`. */
export function expectNonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    invalid(field, 'must be a finite number >= 0');
  }
  return value;
}

/** `value` if it is one of `allowed`, otherwise `code` naming `field` and the allowed values. */
export function expectOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  code: ErrorCode = 'validation_error',
): T {
  if (typeof value !== 'string') {
    if (value === undefined) invalid(field, 'is required');
    invalid(field, `must be one of ${allowed.join(', ')}; got ${typeName(value)}`);
  }
  if (!(allowed as readonly string[]).includes(value)) {
    invalid(field, `must be one of ${allowed.join(', ')}; got "${value.slice(0, 64)}"`, code);
  }
  return value as T;
}

/**
 * A frozen deep copy of `value` if it is JSON data: plain objects, arrays, strings, finite numbers,
 * booleans and null; no cycles, no functions, BigInt, symbols or class instances, no `__proto__`,
 * `constructor` or `prototype` keys, at most `MAX_JSON_DEPTH` deep. Otherwise a `validation_error`
 * naming the path of the offending part.
 */
export function jsonData(value: unknown, field: string): unknown {
  return copyJson(value, field);
}

/** `jsonData` for a field that must be an object (metadata, context, data). */
export function jsonObject(value: unknown, field: string): Readonly<Record<string, unknown>> {
  if (value === undefined) return EMPTY;
  checkPlainObject(value, field);
  return copyJson(value, field) as Record<string, unknown>;
}

// Valid data (the hot path: every event's payload) is copied without building paths or tracking
// ancestors; only when that fails does the careful copy run, to name the offending part.
const REJECTED = Symbol('rejected');

function copyJson(value: unknown, field: string): unknown {
  try {
    return quickCopy(value, 0);
  } catch {
    // REJECTED, or a getter or Proxy trap threw: the careful copy names the part either way.
    return copy(value, field, 0, new Set());
  }
}

function quickCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_TEXT_LENGTH) throw REJECTED;
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw REJECTED;
      // JSON has no -0: it would come back from a store as 0 and no longer equal what was given.
      return value === 0 ? 0 : value;
    case 'object':
      break;
    default:
      throw REJECTED;
  }
  if (value === null) return null;
  // A cycle also ends here, as too deep; the careful copy then reports it as a cycle.
  if (depth >= MAX_JSON_DEPTH) throw REJECTED;
  if (Array.isArray(value)) {
    if (Object.isFrozen(value) && frozenItems(value, depth)) return value;
    return Object.freeze(value.map((item) => quickCopy(item, depth + 1)));
  }
  if (!isPlainObject(value)) throw REJECTED;
  if (Object.isFrozen(value) && frozenJson(value, depth)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw REJECTED;
    const item = value[key];
    if (item !== undefined) out[key] = quickCopy(item, depth + 1);
  }
  return Object.freeze(out);
}

// A frozen plain object (or array) whose values are valid primitives or (the same, recursively)
// cannot change: it is shared instead of copied. Anything else makes the caller copy.
function frozenJson(value: Record<string, unknown>, depth: number): boolean {
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw REJECTED;
    if (!frozenItem(value[key], depth + 1)) return false;
  }
  return true;
}

function frozenItems(value: readonly unknown[], depth: number): boolean {
  for (let i = 0; i < value.length; i++) {
    if (!frozenItem(value[i], depth + 1)) return false;
  }
  return true;
}

// A hole or `undefined` is not shared: the copy drops it from an object and rejects it in an array.
function frozenItem(item: unknown, depth: number): boolean {
  if (item === undefined) return false;
  if (typeof item !== 'object' || item === null) return Object.is(quickCopy(item, depth), item);
  if (depth >= MAX_JSON_DEPTH || !Object.isFrozen(item)) return false;
  if (Array.isArray(item)) return frozenItems(item, depth);
  return isPlainObject(item) && frozenJson(item, depth);
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

function copy(value: unknown, path: string, depth: number, seen: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_TEXT_LENGTH) invalid(path, `is longer than ${MAX_TEXT_LENGTH}`);
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) invalid(path, 'must be a finite number');
      return value === 0 ? 0 : value;
    case 'object':
      break;
    default:
      return invalid(path, `is not JSON data (${typeof value})`);
  }
  if (value === null) return null;
  if (depth >= MAX_JSON_DEPTH) invalid(path, `is nested deeper than ${MAX_JSON_DEPTH}`);
  if (seen.has(value)) invalid(path, 'contains a cycle');
  seen.add(value);
  let out: unknown;
  if (isArray(value, path)) {
    const length = read(value, 'length', `${path}.length`) as number;
    const items: unknown[] = new Array(length);
    for (let i = 0; i < length; i++) {
      items[i] = copy(read(value, i, `${path}[${i}]`), `${path}[${i}]`, depth + 1, seen);
    }
    out = items;
  } else {
    if (!isPlainObject(value)) {
      prototypeOf(value, path);
      invalid(path, 'must be a plain object');
    }
    const obj: Record<string, unknown> = {};
    for (const key of keysOf(value, path)) {
      if (FORBIDDEN_KEYS.has(key)) invalid(`${path}.${key}`, 'is a forbidden key');
      const item = read(value, key, `${path}.${key}`);
      if (item === undefined) continue;
      obj[key] = copy(item, `${path}.${key}`, depth + 1, seen);
    }
    out = obj;
  }
  seen.delete(value);
  return Object.freeze(out);
}

function isArray(value: object, path: string): value is unknown[] {
  try {
    return Array.isArray(value);
  } catch (error) {
    return unreadable(path, error); // a revoked Proxy
  }
}

// Names a Proxy whose `getPrototypeOf` trap throws as unreadable rather than as a class instance.
function prototypeOf(value: object, path: string): unknown {
  try {
    return Object.getPrototypeOf(value);
  } catch (error) {
    return unreadable(path, error);
  }
}

/** The message of anything thrown (its name when the message is empty), never throwing itself. */
function thrownText(error: unknown): string {
  const { name, message } = describeThrown(error);
  return message.length > 0 ? message : name;
}
