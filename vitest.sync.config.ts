import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// The extension's sync engine (Node, fake-indexeddb) against the real collector process, SQLite and PostgreSQL.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/sync/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
