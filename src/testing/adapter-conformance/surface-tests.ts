import { describe, expect } from 'vitest';
import { Capability } from '../../core/capability.js';
import { type AdapterSuiteContext, adapterTest } from './suite-context.js';

// Adapter-wide, run-keyed control methods of the draft port: v1 registers them per run instead.
const RUN_KEYED_METHODS = ['interrupt', 'pause', 'resume'] as const;

/** Name, model, capabilities and optional methods are well-formed. */
export function surfaceTests(ctx: AdapterSuiteContext): void {
  describe('surface', () => {
    adapterTest(ctx, 'has a provider name and an optional model', async () => {
      const adapter = await ctx.createAdapter();
      expect(typeof adapter.name).toBe('string');
      expect(adapter.name.length).toBeGreaterThan(0);
      const model = adapter.model;
      expect(model == null || (typeof model === 'string' && model.length > 0)).toBe(true);
    });

    adapterTest(
      ctx,
      'lists valid capabilities with unique names, the same on every call',
      async () => {
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
      },
    );

    adapterTest(ctx, "implements specification 'v1', with control per run", async () => {
      const adapter = await ctx.createAdapter();
      expect(adapter.specificationVersion, 'specificationVersion').toBe('v1');
      for (const method of RUN_KEYED_METHODS) {
        const value = (adapter as unknown as Record<string, unknown>)[method];
        expect(
          value,
          `adapter.${method}: register it per run on request.control instead (v1)`,
        ).toBeUndefined();
      }
      expect(typeof adapter.execute).toBe('function');
      expect(typeof adapter.capabilities).toBe('function');
    });

    adapterTest(ctx, 'optional session hooks are functions that resolve', async () => {
      const adapter = await ctx.createAdapter();
      for (const hook of ['closeSession', 'close'] as const) {
        const value: unknown = adapter[hook];
        expect(value === undefined || typeof value === 'function', `adapter.${hook}`).toBe(true);
      }
      // A session the adapter never saw: nothing to release, and no error.
      await adapter.closeSession?.('ses_00000000000000000000000000000000');
      await adapter.close?.();
    });
  });
}
