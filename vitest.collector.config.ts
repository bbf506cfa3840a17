import { defineConfig } from 'vitest/config';

// The reference collector: a real server process over HTTP, real SQLite and PostgreSQL.
export default defineConfig({
  test: {
    include: ['collector/tests/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
