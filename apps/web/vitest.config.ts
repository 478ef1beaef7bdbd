import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages from their TypeScript source, as in the other packages.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
