import { defineConfig } from 'vitest/config';

// The real-CLI tier: the provider SDKs' own CLIs against fake model servers on 127.0.0.1.
export default defineConfig({
  test: {
    include: ['src/**/*.real.test.ts', 'test/**/*.real.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each file starts real CLI processes; one file at a time keeps timings honest on 2 cores.
    fileParallelism: false,
  },
});
