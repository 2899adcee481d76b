import { CAPABILITY_TYPES, type CapabilityType, expectCapabilityType } from './capability-type.js';
import {
  expectObject,
  expectOptionalString,
  expectString,
  invalid,
  jsonObject,
  MAX_TEXT_LENGTH,
  typeName,
} from './validate.js';

export {
  CAPABILITY_TYPES,
  type CapabilityType,
  expectCapabilityType,
  isCapabilityType,
} from './capability-type.js';

/** Something a provider or agent can do: a tool, file access, sampling… */
export interface Capability {
  readonly name: string;
  readonly type: CapabilityType;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly config: Readonly<Record<string, unknown>>;
  readonly permissions: readonly string[];
}

/** Attributes accepted by `Capability.create`. */
export interface CapabilityAttrs {
  name: string;
  type: CapabilityType;
  description?: string | null;
  enabled?: boolean;
  config?: Record<string, unknown>;
  permissions?: readonly string[];
}

/** The JSON form of a capability (what `Capability.toJSON` returns). */
export interface CapabilityJSON {
  name: string;
  type: CapabilityType;
  description: string | null;
  enabled: boolean;
  config: Record<string, unknown>;
  permissions: string[];
}

const NO_PERMISSIONS: readonly string[] = Object.freeze([]);

function permissionsOf(value: unknown, field: string): readonly string[] {
  if (value === undefined) return NO_PERMISSIONS;
  if (!Array.isArray(value)) invalid(field, `must be an array, got ${typeName(value)}`);
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) out.push(expectString(value[i], `${field}[${i}]`));
  return Object.freeze(out);
}

function build(attrs: unknown, field: string): Capability {
  const a = expectObject(attrs, field);
  if (a.name === undefined) invalid(`${field}.name`, 'is required');
  const name = expectString(a.name, `${field}.name`);
  const type = expectCapabilityType(a.type, `${field}.type`);
  if (a.enabled !== undefined && typeof a.enabled !== 'boolean') {
    invalid(`${field}.enabled`, `must be a boolean, got ${typeName(a.enabled)}`);
  }
  return Object.freeze({
    name,
    type,
    description: expectOptionalString(a.description, `${field}.description`, MAX_TEXT_LENGTH),
    enabled: a.enabled ?? true,
    config: jsonObject(a.config, `${field}.config`),
    permissions: permissionsOf(a.permissions, `${field}.permissions`),
  });
}

/**
 * Functions over `Capability` values.
 *
 * @example
 * ```ts
 * const search = Capability.create({ name: 'web_search', type: 'tool' }); // enabled, config {}
 * Capability.disable(search).enabled; // false
 * ```
 */
export const Capability = {
  /** The seven capability types. */
  types: CAPABILITY_TYPES,
  /**
   * A new frozen capability; `enabled` defaults to true, `config` to `{}`, `permissions` to `[]`.
   * An unknown type throws `invalid_capability_type`, other bad input `validation_error` naming the
   * field (prefixed with `field`).
   */
  create(attrs: CapabilityAttrs, field = 'capability'): Capability {
    return build(attrs, field);
  },
  /** The same capability, enabled. */
  enable(capability: Capability): Capability {
    return Object.freeze({ ...capability, enabled: true });
  },
  /** The same capability, disabled. */
  disable(capability: Capability): Capability {
    return Object.freeze({ ...capability, enabled: false });
  },
  /** A plain JSON-serializable copy. */
  toJSON(capability: Capability): CapabilityJSON {
    return {
      name: capability.name,
      type: capability.type,
      description: capability.description,
      enabled: capability.enabled,
      config: { ...capability.config },
      permissions: [...capability.permissions],
    };
  },
  /** Rebuild a capability from JSON, validated and defaulted like `create`. */
  fromJSON(value: unknown, field = 'capability'): Capability {
    return build(value, field);
  },
};
