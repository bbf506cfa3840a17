import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Shadow tier 2 (the user's own model) against a real OpenAI-compatible server over node-llama-cpp, and small
// real HTTP servers for the failures that server cannot produce. One file at a time: the model is loaded once.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/shadow-model/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
