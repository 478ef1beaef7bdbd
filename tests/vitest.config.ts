import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    // Browser suites are heavy on two cores: one file at a time there.
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    // Every integration suite runs on both engines (issue 15): `sqlite` is the server's SQLite file,
    // `postgres` a fresh database per server on the run's private PostgreSQL (helpers/serverProcess.ts).
    // The browser suites run on SQLite only. `--project sqlite` or `--project postgres` picks one.
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['integration/**/*.test.ts', 'e2e/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['integration/**/*.test.ts'],
          exclude: [
            ...configDefaults.exclude,
            // Runs on PostgreSQL in any project (a private server and Redis of its own): once is enough.
            'integration/cluster.test.ts',
            'integration/clusterQuota.test.ts',
            'integration/clusterHealth.test.ts',
            'integration/clusterSilentDeath.test.ts',
          ],
          env: { HEGAO_TEST_DATABASE: 'postgres' },
          globalSetup: ['helpers/pgGlobalSetup.ts'],
        },
      },
    ],
  },
});
