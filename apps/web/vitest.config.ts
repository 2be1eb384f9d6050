import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.spec.ts', 'build/**/*.spec.ts'],
      restoreMocks: true,
      unstubGlobals: true,
      // Element Plus' ESM imports its own CSS; let Vite transform it instead of Node loading it.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
);
