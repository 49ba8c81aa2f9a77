/** Jest runs TypeScript through ts-jest without type checking: tsconfig.json sets isolatedModules,
 * so ts-jest transpiles each file on its own; `npm run typecheck` (tsc --noEmit) does the type
 * checking once for the whole tree. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 120000,
};
