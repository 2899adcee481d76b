import { AgentSessionError } from './agent-session-error.js';
import type { Capability } from './capability.js';
import { type CapabilityType, expectCapabilityType } from './capability-type.js';
import { expectObject, invalid, typeName } from './validate.js';

/** The outcome of a successful negotiation. */
export interface NegotiationResult {
  /** `full` when every requested type is offered, `degraded` when an optional one is missing. */
  readonly status: 'full' | 'degraded';
  /** The requested types that are offered: required ones first, then optional ones, in request order. */
  readonly supported: readonly CapabilityType[];
  /** The optional types that are not offered, in request order. */
  readonly unsupported: readonly CapabilityType[];
  /** One message per unsupported optional type, naming it. */
  readonly warnings: readonly string[];
}

/** Options of `CapabilityResolver.create`. */
export interface CapabilityResolverOptions {
  required?: readonly CapabilityType[];
  optional?: readonly CapabilityType[];
}

/** Checks a list of capabilities against required and optional capability types. */
export interface CapabilityResolver {
  /** The required types, without repeats. */
  readonly required: readonly CapabilityType[];
  /** The optional types, without repeats and without those also required. */
  readonly optional: readonly CapabilityType[];
  /**
   * Negotiate against `capabilities`; only enabled ones count. A missing required type throws
   * `missing_required_capability` naming every missing type (`details.missing`).
   */
  negotiate(capabilities: readonly Capability[]): NegotiationResult;
}

function typesOf(value: unknown, field: string, skip: ReadonlySet<string>): CapabilityType[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(field, `must be an array, got ${typeName(value)}`);
  const out: CapabilityType[] = [];
  for (let i = 0; i < value.length; i++) {
    const type = expectCapabilityType(value[i], `${field}[${i}]`);
    if (!skip.has(type) && !out.includes(type)) out.push(type);
  }
  return out;
}

function offeredTypes(capabilities: unknown): Set<CapabilityType> {
  if (!Array.isArray(capabilities)) {
    invalid('capabilities', `must be an array, got ${typeName(capabilities)}`);
  }
  const offered = new Set<CapabilityType>();
  for (let i = 0; i < capabilities.length; i++) {
    const c = expectObject(capabilities[i], `capabilities[${i}]`);
    const type = expectCapabilityType(c.type, `capabilities[${i}].type`);
    if (c.enabled !== undefined && typeof c.enabled !== 'boolean') {
      invalid(`capabilities[${i}].enabled`, `must be a boolean, got ${typeName(c.enabled)}`);
    }
    if (c.enabled !== false) offered.add(type);
  }
  return offered;
}

function negotiate(
  required: readonly CapabilityType[],
  optional: readonly CapabilityType[],
  capabilities: unknown,
): NegotiationResult {
  const offered = offeredTypes(capabilities);
  const missing = required.filter((t) => !offered.has(t));
  if (missing.length > 0) {
    throw new AgentSessionError(
      'missing_required_capability',
      `missing required capability type${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
      { details: { missing: Object.freeze(missing), offered: Object.freeze([...offered]) } },
    );
  }
  const unsupported = optional.filter((t) => !offered.has(t));
  return Object.freeze({
    status: unsupported.length > 0 ? 'degraded' : 'full',
    supported: Object.freeze([...required, ...optional.filter((t) => offered.has(t))]),
    unsupported: Object.freeze(unsupported),
    warnings: Object.freeze(
      unsupported.map(
        (t) => `optional capability type "${t}" is not offered; continuing without it`,
      ),
    ),
  });
}

/**
 * Builds capability resolvers: declare required and optional capability types, then negotiate them
 * against what a provider offers.
 *
 * @example
 * ```ts
 * const resolver = CapabilityResolver.create({ required: ['sampling'], optional: ['tool'] });
 * const result = resolver.negotiate(adapter.capabilities());
 * if (result.status === 'degraded') console.warn(result.warnings);
 * ```
 */
export const CapabilityResolver = {
  /**
   * A frozen resolver. Repeated types are dropped, and a type both required and optional counts as
   * required. A type outside the taxonomy throws `invalid_capability_type`, other bad input
   * `validation_error`.
   */
  create(options: CapabilityResolverOptions = {}): CapabilityResolver {
    const o = expectObject(options, 'options');
    const required = Object.freeze(typesOf(o.required, 'options.required', new Set()));
    const optional = Object.freeze(typesOf(o.optional, 'options.optional', new Set(required)));
    return Object.freeze({
      required,
      optional,
      negotiate: (capabilities: readonly Capability[]) =>
        negotiate(required, optional, capabilities),
    });
  },
};
