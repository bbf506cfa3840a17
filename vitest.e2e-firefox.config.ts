import { defineConfig } from 'vitest/config';

// End-to-end tests in Firefox ESR over WebDriver BiDi with the Firefox build; one browser at a time on 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e-firefox/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
