import { describe, expect, it } from 'vitest';
import { Capability } from '../../core/capability.js';
import type { AdapterSuiteContext } from './suite-context.js';

const OPTIONAL_METHODS = ['interrupt', 'pause', 'resume', 'validateConfig'] as const;

/** Name, model, capabilities and optional methods are well-formed. */
export function surfaceTests(ctx: AdapterSuiteContext): void {
  describe('surface', () => {
    it('has a provider name and an optional model', async () => {
      const adapter = await ctx.createAdapter();
      expect(typeof adapter.name).toBe('string');
      expect(adapter.name.length).toBeGreaterThan(0);
      const model = adapter.model;
      expect(model == null || (typeof model === 'string' && model.length > 0)).toBe(true);
    });

    it('lists valid capabilities with unique names, the same on every call', async () => {
      const adapter = await ctx.createAdapter();
      const capabilities = adapter.capabilities();
      expect(Array.isArray(capabilities)).toBe(true);
      capabilities.forEach((capability, i) => {
        const valid = Capability.fromJSON(
          JSON.parse(JSON.stringify(capability)),
          `capabilities[${i}]`,
        );
        expect(valid).toEqual(capability);
      });
      const names = capabilities.map((c) => c.name);
      expect(new Set(names).size, `duplicate capability names: ${names.join(', ')}`).toBe(
        names.length,
      );
      expect(adapter.capabilities()).toEqual(capabilities);
    });

    it('offers control methods only as functions', async () => {
      const adapter = await ctx.createAdapter();
      for (const method of OPTIONAL_METHODS) {
        const value = (adapter as unknown as Record<string, unknown>)[method];
        expect(value === undefined || typeof value === 'function', `${method}`).toBe(true);
      }
      expect(typeof adapter.execute).toBe('function');
      expect(typeof adapter.capabilities).toBe('function');
    });
  });
}
