import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Shared 2-core machines: keep workers low so timing-insensitive tests stay stable.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
