import { defineConfig } from 'vitest/config';

// Five tiers (see ../shared/design/ARCHITECTURE.md): unit (pure, no database), integration (modules against a real database), http (app.inject against PGlite, or
// PostgreSQL when DATABASE_URL is set), interop (a listening Treaty driven by the official Pact clients), browser (pages in Chromium).
export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'] } },
      {
        test: {
          name: 'http',
          include: ['test/http/**/*.test.{ts,tsx}'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Modules driven directly against a real database (no HTTP), e.g. the job runner.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'interop',
          include: ['test/interop/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The Pact binaries are CPU heavy; run these files one at a time.
          fileParallelism: false,
        },
      },
      {
        // Pages in Debian's Chromium (playwright-core + axe-core); skipped without Chromium unless CI=true.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
