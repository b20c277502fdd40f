import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Server, browser and fuzz suites start servers and browsers: two cores, so keep parallelism low.
    maxWorkers: 2,
    fileParallelism: true,
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, 'tests/browser/**'] } },
      // The Chromium suites: Chromium is found (or installed) once, before the first of them starts.
      // A whole flow (import a treaty, open it, check it) takes 6 s on a quiet machine and several
      // times that beside the crash test's kill -9 cycles on two cores: a minute before it counts as hung.
      { extends: true, test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], globalSetup: ['tests/setup/chromium.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
    ],
  },
})
