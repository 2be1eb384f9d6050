const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'].filter((d) =>
    require('fs').existsSync(d.replace('<rootDir>', __dirname)),
  ),
  testRegex: '.*\\.(spec|int-spec)\\.ts$',
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swc },
  // NestJS 12 ships ES modules only. Node 20 can require() them, but Jest's module loader
  // cannot before Node 24.9, so those packages are compiled to CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/[^/]+/node_modules/)?(@nestjs|nestjs-pino)/)'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 30000,
  // Each spec closes its app, pools and workers; this only guards CI against a library timer that
  // outlives them (a hang would cost the whole 90-minute CI budget).
  forceExit: true,
};
