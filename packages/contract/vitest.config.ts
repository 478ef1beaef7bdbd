import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  // Generous: CI runs two suites at once on two cores; a slow machine must not fail a correct test.
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000 },
});
