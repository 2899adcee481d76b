import { AgentSessionError } from './agent-session-error.js';
import { Capability, type CapabilityAttrs, type CapabilityJSON } from './capability.js';
import {
  expectObject,
  expectOptionalString,
  expectString,
  invalid,
  jsonObject,
  MAX_TEXT_LENGTH,
  typeName,
} from './validate.js';

/** A declarative description of an agent: who provides it and what it can do. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly provider: string | null;
  readonly description: string | null;
  readonly capabilities: readonly Capability[];
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Attributes accepted by `Manifest.create`. */
export interface ManifestAttrs {
  name: string;
  version: string;
  provider?: string | null;
  description?: string | null;
  capabilities?: readonly (Capability | CapabilityAttrs)[];
  metadata?: Record<string, unknown>;
}

/** The JSON form of a manifest (what `Manifest.toJSON` returns). */
export interface ManifestJSON {
  name: string;
  version: string;
  provider: string | null;
  description: string | null;
  capabilities: CapabilityJSON[];
  metadata: Record<string, unknown>;
}

function required(value: unknown, field: string): string {
  if (value === undefined) invalid(field, 'is required');
  return expectString(value, field);
}

function capabilitiesOf(value: unknown, field: string): readonly Capability[] {
  if (value === undefined) return Object.freeze([]);
  if (!Array.isArray(value)) invalid(field, `must be an array, got ${typeName(value)}`);
  const out: Capability[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const capability = Capability.create(value[i], `${field}[${i}]`);
    if (seen.has(capability.name)) {
      invalid(`${field}[${i}].name`, `repeats "${capability.name}"`, 'duplicate_capability');
    }
    seen.add(capability.name);
    out.push(capability);
  }
  return Object.freeze(out);
}

function build(attrs: unknown, field: string): Manifest {
  const a = expectObject(attrs, field);
  return Object.freeze({
    name: required(a.name, `${field}.name`),
    version: required(a.version, `${field}.version`),
    provider: expectOptionalString(a.provider, `${field}.provider`),
    description: expectOptionalString(a.description, `${field}.description`, MAX_TEXT_LENGTH),
    capabilities: capabilitiesOf(a.capabilities, `${field}.capabilities`),
    metadata: jsonObject(a.metadata, `${field}.metadata`),
  });
}

function withCapabilities(manifest: Manifest, capabilities: Capability[]): Manifest {
  return Object.freeze({ ...manifest, capabilities: Object.freeze(capabilities) });
}

/**
 * Functions over `Manifest` values.
 *
 * @example
 * ```ts
 * let manifest = Manifest.create({ name: 'coder', version: '1.0.0', provider: 'claude' });
 * manifest = Manifest.addCapability(manifest, { name: 'bash', type: 'code_execution' });
 * Manifest.getCapability(manifest, 'bash')?.type; // 'code_execution'
 * ```
 */
export const Manifest = {
  /**
   * A new frozen manifest. `name` and `version` are required; capabilities are validated like
   * `Capability.create` and must have distinct names (`duplicate_capability`). Bad input throws
   * `validation_error` (or `invalid_capability_type`) naming the field.
   */
  create(attrs: ManifestAttrs, field = 'manifest'): Manifest {
    return build(attrs, field);
  },
  /** The manifest with one more capability; a name already present throws `duplicate_capability`. */
  addCapability(manifest: Manifest, capability: Capability | CapabilityAttrs): Manifest {
    const added = Capability.create(capability);
    if (manifest.capabilities.some((c) => c.name === added.name)) {
      throw new AgentSessionError(
        'duplicate_capability',
        `manifest "${manifest.name}" already has a capability named "${added.name}"`,
        { details: { manifest: manifest.name, capability: added.name } },
      );
    }
    return withCapabilities(manifest, [...manifest.capabilities, added]);
  },
  /** The manifest without the named capability; a missing name throws `capability_not_found`. */
  removeCapability(manifest: Manifest, name: string): Manifest {
    const kept = manifest.capabilities.filter((c) => c.name !== name);
    if (kept.length === manifest.capabilities.length) {
      throw new AgentSessionError(
        'capability_not_found',
        `manifest "${manifest.name}" has no capability named "${String(name).slice(0, 512)}"`,
        { details: { manifest: manifest.name, capability: String(name).slice(0, 512) } },
      );
    }
    return withCapabilities(manifest, kept);
  },
  /** The named capability, or undefined. */
  getCapability(manifest: Manifest, name: string): Capability | undefined {
    return manifest.capabilities.find((c) => c.name === name);
  },
  /** The enabled capabilities, in manifest order. */
  enabledCapabilities(manifest: Manifest): readonly Capability[] {
    return Object.freeze(manifest.capabilities.filter((c) => c.enabled));
  },
  /** A plain JSON-serializable copy. */
  toJSON(manifest: Manifest): ManifestJSON {
    return {
      name: manifest.name,
      version: manifest.version,
      provider: manifest.provider,
      description: manifest.description,
      capabilities: manifest.capabilities.map(Capability.toJSON),
      metadata: { ...manifest.metadata },
    };
  },
  /** Rebuild a manifest from JSON, validated and defaulted like `create`. */
  fromJSON(value: unknown, field = 'manifest'): Manifest {
    return build(value, field);
  },
};
