import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.spec.ts', 'build/**/*.spec.ts'],
      restoreMocks: true,
      unstubGlobals: true,
    },
  }),
);
