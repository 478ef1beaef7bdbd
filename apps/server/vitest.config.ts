import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Suites that replace a module (`vi.mock`): the mock only takes effect in a fresh module graph, so
 * these run isolated. Every other suite shares its worker's modules with the suites before it
 * (`isolate: false`): the server's module graph is imported once per worker instead of once per
 * file, which halves the run's time and its CPU (CI runs it beside the integration suites).
 */
const MOCKS_MODULES = ['src/commands/sectionWorkflow.test.ts'];

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  // Generous: CI runs two suites at once on two cores; a slow machine must not fail a correct test.
  test: {
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'shared', include: ['src/**/*.test.ts'], exclude: [...configDefaults.exclude, ...MOCKS_MODULES], isolate: false } },
      { extends: true, test: { name: 'isolated', include: MOCKS_MODULES } },
    ],
  },
});
