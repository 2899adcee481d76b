import { describe, expect } from 'vitest';
import type { ProviderFile } from '../../ports/provider-file.js';
import type { SessionStore } from '../../ports/session-store.js';
import { MAX_PROVIDER_FILE_BYTES } from '../../stores/kit/provider-file.js';
import { expectCode, MISSING_SESSION, newSession, seededRandom } from './fixtures.js';
import { type ConformanceContext, storeTest } from './suite-context.js';

const encoder = new TextEncoder();

/** Bytes of a JSON-lines text, the shape of a provider session file. */
function jsonLines(text: string): Uint8Array {
  return encoder.encode(`${JSON.stringify({ type: 'user', text })}\n`);
}

/** `size` pseudo-random bytes (every value 0–255 occurs), reproducible from `seed`. */
function randomBytes(size: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

function file(provider: string, name: string, data: Uint8Array): ProviderFile {
  return { provider, name, data };
}

async function expectStored(
  store: SessionStore,
  sessionId: string,
  expected: { provider: string; name: string; data: Uint8Array },
): Promise<ProviderFile> {
  const stored = await store.getProviderFile(sessionId, expected.provider);
  expect(stored).not.toBeNull();
  const got = stored as ProviderFile;
  expect(got.provider).toBe(expected.provider);
  expect(got.name).toBe(expected.name);
  expect(got.data).toBeInstanceOf(Uint8Array);
  expect(Buffer.from(got.data).equals(Buffer.from(expected.data))).toBe(true);
  return got;
}

/** Provider session files: one current copy per session and provider, bytes never shared. */
export function providerFileTests(ctx: ConformanceContext): void {
  describe('provider files', () => {
    storeTest(ctx, 'a saved provider file reads back with its bytes and updatedAt', async (s) => {
      const session = await newSession(s);
      expect(await s.getProviderFile(session.id, 'claude')).toBeNull();
      const data = jsonLines('hello');
      await s.saveProviderFile(session.id, file('claude', 'abc.jsonl', data));
      const stored = await expectStored(s, session.id, {
        provider: 'claude',
        name: 'abc.jsonl',
        data,
      });
      expect(typeof stored.updatedAt).toBe('string');
      expect(Number.isNaN(Date.parse(stored.updatedAt as string))).toBe(false);
    });

    storeTest(ctx, 'saving a provider file again replaces the current copy', async (s) => {
      const session = await newSession(s);
      await s.saveProviderFile(session.id, file('claude', 'first.jsonl', jsonLines('one')));
      const second = jsonLines('two, a little longer');
      await s.saveProviderFile(session.id, file('claude', 'second.jsonl', second));
      await expectStored(s, session.id, { provider: 'claude', name: 'second.jsonl', data: second });
      const shorter = new Uint8Array([1]);
      await s.saveProviderFile(session.id, file('claude', 'second.jsonl', shorter));
      await expectStored(s, session.id, {
        provider: 'claude',
        name: 'second.jsonl',
        data: shorter,
      });
    });

    storeTest(ctx, 'provider files are kept per session and per provider', async (s) => {
      const a = await newSession(s);
      const b = await newSession(s);
      const claude = jsonLines('claude of a');
      const codex = jsonLines('codex of a');
      const other = jsonLines('claude of b');
      await s.saveProviderFile(a.id, file('claude', 'a.jsonl', claude));
      await s.saveProviderFile(a.id, file('codex', 'rollout.jsonl', codex));
      await s.saveProviderFile(b.id, file('claude', 'b.jsonl', other));
      await expectStored(s, a.id, { provider: 'claude', name: 'a.jsonl', data: claude });
      await expectStored(s, a.id, { provider: 'codex', name: 'rollout.jsonl', data: codex });
      await expectStored(s, b.id, { provider: 'claude', name: 'b.jsonl', data: other });
      expect(await s.getProviderFile(b.id, 'codex')).toBeNull();
    });

    storeTest(ctx, 'deleteSession removes its provider files', async (s) => {
      const gone = await newSession(s);
      const kept = await newSession(s);
      const data = jsonLines('kept');
      await s.saveProviderFile(gone.id, file('claude', 'gone.jsonl', jsonLines('gone')));
      await s.saveProviderFile(kept.id, file('claude', 'kept.jsonl', data));
      await s.deleteSession(gone.id);
      await expectCode(() => s.getProviderFile(gone.id, 'claude'), 'session_not_found');
      await expectCode(
        () => s.saveProviderFile(gone.id, file('claude', 'x.jsonl', data)),
        'session_not_found',
      );
      await expectStored(s, kept.id, { provider: 'claude', name: 'kept.jsonl', data });
    });

    storeTest(ctx, 'provider files of a missing session are session_not_found', async (s) => {
      const data = jsonLines('x');
      const error = await expectCode(
        () => s.saveProviderFile(MISSING_SESSION, file('claude', 'x.jsonl', data)),
        'session_not_found',
      );
      expect(error.details).toMatchObject({ sessionId: MISSING_SESSION });
      await expectCode(() => s.getProviderFile(MISSING_SESSION, 'claude'), 'session_not_found');
    });

    storeTest(ctx, 'bad provider file input is validation_error naming the field', async (s) => {
      const session = await newSession(s);
      const data = jsonLines('x');
      const cases: [unknown, string][] = [
        [undefined, 'file'],
        [null, 'file'],
        [{ name: 'x.jsonl', data }, 'file.provider'],
        [{ provider: '', name: 'x.jsonl', data }, 'file.provider'],
        [{ provider: 7, name: 'x.jsonl', data }, 'file.provider'],
        [{ provider: 'claude', data }, 'file.name'],
        [{ provider: 'claude', name: '', data }, 'file.name'],
        [{ provider: 'claude', name: ['x'], data }, 'file.name'],
        [{ provider: 'claude', name: 'x.jsonl' }, 'file.data'],
        [{ provider: 'claude', name: 'x.jsonl', data: 'text' }, 'file.data'],
        [{ provider: 'claude', name: 'x.jsonl', data: [1, 2, 3] }, 'file.data'],
        [{ provider: 'claude', name: 'x.jsonl', data: new ArrayBuffer(3) }, 'file.data'],
        [{ provider: 'claude', name: 'x.jsonl', data: new Uint16Array(3) }, 'file.data'],
      ];
      for (const [input, field] of cases) {
        const error = await expectCode(
          () => s.saveProviderFile(session.id, input as ProviderFile),
          'validation_error',
        );
        expect(error.details, JSON.stringify(input)).toMatchObject({ field });
      }
      const bad = await expectCode(() => s.getProviderFile(session.id, ''), 'validation_error');
      expect(bad.details).toMatchObject({ field: 'provider' });
      await expectCode(() => s.getProviderFile(session.id, 3 as never), 'validation_error');
      await expectCode(() => s.getProviderFile('', 'claude'), 'validation_error');
      await expectCode(() => s.saveProviderFile('', file('claude', 'x', data)), 'validation_error');
      expect(await s.getProviderFile(session.id, 'claude')).toBeNull();
    });

    storeTest(
      ctx,
      'a provider file over 64 MiB is validation_error and stores nothing',
      async (s) => {
        const session = await newSession(s);
        const data = new Uint8Array(MAX_PROVIDER_FILE_BYTES + 1);
        const error = await expectCode(
          () => s.saveProviderFile(session.id, file('claude', 'big.jsonl', data)),
          'validation_error',
        );
        expect(error.details).toMatchObject({ field: 'file.data' });
        expect(await s.getProviderFile(session.id, 'claude')).toBeNull();
      },
    );

    storeTest(ctx, 'provider file bytes are never shared with the caller', async (s) => {
      const session = await newSession(s);
      const data = jsonLines('original');
      const original = Uint8Array.from(data);
      await s.saveProviderFile(session.id, file('claude', 'x.jsonl', data));
      data.fill(0x41);
      const first = await expectStored(s, session.id, {
        provider: 'claude',
        name: 'x.jsonl',
        data: original,
      });
      try {
        first.data.fill(0x42);
      } catch {
        // A read-only view refuses the change: also acceptable.
      }
      await expectStored(s, session.id, { provider: 'claude', name: 'x.jsonl', data: original });
      // A view into a larger buffer stores only its own bytes.
      const backing = new Uint8Array([9, 9, 1, 2, 3, 9, 9]);
      await s.saveProviderFile(session.id, file('claude', 'y', backing.subarray(2, 5)));
      backing.fill(0);
      const view = new Uint8Array([1, 2, 3]);
      await expectStored(s, session.id, { provider: 'claude', name: 'y', data: view });
    });

    storeTest(
      ctx,
      'a 5 MB provider file round-trips byte for byte',
      async (s) => {
        const session = await newSession(s);
        const data = randomBytes(5 * 1000 * 1000, 14);
        await s.saveProviderFile(session.id, file('codex', 'rollout.jsonl', data));
        await expectStored(s, session.id, { provider: 'codex', name: 'rollout.jsonl', data });
      },
      30_000,
    );

    storeTest(ctx, 'provider file calls after close() are storage_error', async (s) => {
      const session = await newSession(s);
      await s.close();
      await expectCode(
        () => s.saveProviderFile(session.id, file('claude', 'x', jsonLines('x'))),
        'storage_error',
      );
      await expectCode(() => s.getProviderFile(session.id, 'claude'), 'storage_error');
    });
  });
}
