import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages from their TypeScript source, as in the other packages.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Generous: CI runs two suites at once on two cores; a slow machine must not fail a correct test.
    testTimeout: 30_000,
  },
});
