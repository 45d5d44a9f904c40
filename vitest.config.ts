import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// Three depths of tests (docs/testing.md): node (domain, store, server, printers, cloud, shell logic),
// web (renderer stores and components in happy-dom), e2e (real Chromium against a real hall server).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['{protocol,server,printers,cloud,main,scripts,test}/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One PostgreSQL for the run: the one given, else one from npm (cloud/testing/pg-global-setup.ts).
          globalSetup: ['cloud/testing/pg-global-setup.ts'],
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'web',
          environment: 'happy-dom',
          include: ['renderer/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
