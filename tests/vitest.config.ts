import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['integration/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Browser suites are heavy on two cores: one file at a time there.
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
