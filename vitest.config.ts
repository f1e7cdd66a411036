import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Ink renders frames only when it does not believe it runs in CI.
    env: { CI: 'false' },
    reporters: ['default', './test/countReporter.ts'],
  },
});
