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
    // The suites share their worker's modules (none replaces a module with vi.mock; one that does
    // needs a project of its own with isolation, as in apps/server): the app's module graph is
    // imported once per worker, not once per file — about a fifth of the time and CPU.
    isolate: false,
  },
});
