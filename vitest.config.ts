import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The web app's pure modules (forms, formatting) are tested in Node too; they import shared code as $shared.
  resolve: { alias: { $shared: fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts', 'web/src/lib/forms/**/*.test.ts', 'web/src/lib/negotiation/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Several test files start a Meilisearch or a PGlite; two cores cannot run many at once.
    maxWorkers: 2,
    globalSetup: ['tests/helpers/global-setup.ts'],
  },
});
