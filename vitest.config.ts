import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Server, browser and fuzz suites start servers and browsers: two cores, so keep parallelism low.
    maxWorkers: 2,
    fileParallelism: true,
  },
})
