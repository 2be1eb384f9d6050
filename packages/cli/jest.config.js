/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'].filter((d) =>
    require('fs').existsSync(d.replace('<rootDir>', __dirname)),
  ),
  testRegex: '.*\\.(spec|int-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // The specs spawn the CLI (and the API) as processes: one file at a time on a shared machine.
  maxWorkers: 1,
  testTimeout: 120000,
};
