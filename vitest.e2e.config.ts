import { defineConfig } from 'vitest/config';

// End-to-end tests drive real Chromium with the built extension; one browser at a time on 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
