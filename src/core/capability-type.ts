import { expectOneOf, expectString, invalid } from './validate.js';

/** The seven capability types, in the order of the original taxonomy. */
export const CAPABILITY_TYPES = Object.freeze([
  'tool',
  'resource',
  'prompt',
  'sampling',
  'file_access',
  'network_access',
  'code_execution',
] as const);

/** One of the seven capability types. */
export type CapabilityType = (typeof CAPABILITY_TYPES)[number];

/** Whether `value` is one of the seven capability types. */
export function isCapabilityType(value: unknown): value is CapabilityType {
  return typeof value === 'string' && (CAPABILITY_TYPES as readonly string[]).includes(value);
}

/**
 * `value` as a capability type. A missing, empty or non-string value throws `validation_error`; a string
 * outside the taxonomy throws `invalid_capability_type`. Both name `field`.
 */
export function expectCapabilityType(value: unknown, field: string): CapabilityType {
  if (value === undefined) invalid(field, 'is required');
  expectString(value, field);
  return expectOneOf(value, CAPABILITY_TYPES, field, 'invalid_capability_type');
}
