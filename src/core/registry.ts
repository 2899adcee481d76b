import { AgentSessionError } from './agent-session-error.js';
import { type CapabilityType, expectCapabilityType } from './capability-type.js';
import { Manifest, type ManifestAttrs, type ManifestJSON } from './manifest.js';
import { expectObject, invalid, typeName } from './validate.js';

/** An immutable set of manifests with distinct names, kept sorted by name. */
export interface Registry {
  readonly manifests: readonly Manifest[];
}

/** The JSON form of a registry (what `Registry.toJSON` returns). */
export interface RegistryJSON {
  manifests: ManifestJSON[];
}

const EMPTY: Registry = Object.freeze({ manifests: Object.freeze([]) });

/** Where `name` is or would go in the sorted list (code-unit order, independent of locale). */
function search(manifests: readonly Manifest[], name: string): { index: number; found: boolean } {
  let lo = 0;
  let hi = manifests.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = (manifests[mid] as Manifest).name;
    if (at === name) return { index: mid, found: true };
    if (at < name) lo = mid + 1;
    else hi = mid;
  }
  return { index: lo, found: false };
}

function of(manifests: Manifest[]): Registry {
  return Object.freeze({ manifests: Object.freeze(manifests) });
}

/** Throw `code` about the manifest `name` (names are cut to 512 characters in the message). */
function fail(code: 'not_found' | 'already_exists', name: string, why: string): never {
  const shown = String(name).slice(0, 512);
  throw new AgentSessionError(code, `manifest "${shown}" ${why}`, { details: { name: shown } });
}

function byName(a: Manifest, b: Manifest): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function insert(registry: Registry, manifest: Manifest): Registry {
  const { index, found } = search(registry.manifests, manifest.name);
  if (found) fail('already_exists', manifest.name, 'is already registered');
  const next = [...registry.manifests];
  next.splice(index, 0, manifest);
  return of(next);
}

/**
 * Functions over `Registry` values: a registry of agent manifests keyed by name.
 *
 * @example
 * ```ts
 * let registry = Registry.create();
 * registry = Registry.register(registry, Manifest.create({ name: 'coder', version: '1.0.0' }));
 * Registry.get(registry, 'coder')?.version; // '1.0.0'
 * ```
 */
export const Registry = {
  /** An empty registry. */
  create(): Registry {
    return EMPTY;
  },
  /** The registry with one more manifest (validated); a name already taken throws `already_exists`. */
  register(registry: Registry, manifest: Manifest | ManifestAttrs): Registry {
    return insert(registry, Manifest.create(manifest));
  },
  /** The registry without the named manifest; a missing name throws `not_found`. */
  unregister(registry: Registry, name: string): Registry {
    const { index, found } = search(registry.manifests, name);
    if (!found) fail('not_found', name, 'is not registered');
    return of(registry.manifests.filter((_, i) => i !== index));
  },
  /** The named manifest, or undefined. */
  get(registry: Registry, name: string): Manifest | undefined {
    const { index, found } = search(registry.manifests, name);
    return found ? registry.manifests[index] : undefined;
  },
  /** Whether a manifest of that name is registered. */
  has(registry: Registry, name: string): boolean {
    return search(registry.manifests, name).found;
  },
  /** How many manifests are registered. */
  count(registry: Registry): number {
    return registry.manifests.length;
  },
  /** All manifests, sorted by name. */
  list(registry: Registry): readonly Manifest[] {
    return registry.manifests;
  },
  /**
   * The registry with the named manifest replaced by `fn(manifest)` (validated). A missing name throws
   * `not_found`; `fn` may not rename the manifest (`validation_error`).
   */
  update(
    registry: Registry,
    name: string,
    fn: (manifest: Manifest) => Manifest | ManifestAttrs,
  ): Registry {
    const { index, found } = search(registry.manifests, name);
    if (!found) fail('not_found', name, 'is not registered');
    const next = Manifest.create(fn(registry.manifests[index] as Manifest));
    if (next.name !== name) {
      invalid('manifest.name', `must stay "${name}" in update; unregister and register to rename`);
    }
    const manifests = [...registry.manifests];
    manifests[index] = next;
    return of(manifests);
  },
  /** The manifests whose provider is `provider` (null: those without one), sorted by name. */
  filterByProvider(registry: Registry, provider: string | null): readonly Manifest[] {
    return Object.freeze(registry.manifests.filter((m) => m.provider === provider));
  },
  /**
   * The manifests with at least one enabled capability of `type`, sorted by name. An unknown type
   * throws `invalid_capability_type`.
   */
  filterByCapabilityType(registry: Registry, type: CapabilityType): readonly Manifest[] {
    const wanted = expectCapabilityType(type, 'type');
    return Object.freeze(
      registry.manifests.filter((m) => m.capabilities.some((c) => c.enabled && c.type === wanted)),
    );
  },
  /** A plain JSON-serializable copy. */
  toJSON(registry: Registry): RegistryJSON {
    return { manifests: registry.manifests.map((m) => Manifest.toJSON(m)) };
  },
  /** Rebuild a registry from JSON; every manifest is validated, a repeated name throws `already_exists`. */
  fromJSON(value: unknown): Registry {
    const obj = expectObject(value, 'registry');
    const list = obj.manifests === undefined ? [] : obj.manifests;
    if (!Array.isArray(list)) {
      invalid('registry.manifests', `must be an array, got ${typeName(list)}`);
    }
    const manifests: Manifest[] = [];
    for (let i = 0; i < list.length; i++) {
      manifests.push(Manifest.fromJSON(list[i], `registry.manifests[${i}]`));
    }
    manifests.sort(byName);
    for (let i = 1; i < manifests.length; i++) {
      const name = (manifests[i] as Manifest).name;
      if (name === manifests[i - 1]?.name) fail('already_exists', name, 'is already registered');
    }
    return of(manifests);
  },
};
