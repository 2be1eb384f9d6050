import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { bundleSizePlugin } from './build/bundle-size.plugin.ts';
import { compressPlugin } from './build/compress.plugin.ts';

/** Every Element Plus component's style entry (the resolver imports these one by one). */
function elementPlusStyleEntries(): string[] {
  const dir = fileURLToPath(new URL('./node_modules/element-plus/es/components', import.meta.url));
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(`${dir}/${name}/style/css.mjs`))
    .map((name) => `element-plus/es/components/${name}/style/css`);
}

const contractsSrc = fileURLToPath(new URL('../../packages/contracts/src/index.ts', import.meta.url));
const ajvUnavailable = fileURLToPath(new URL('./src/shared/json-schema/ajv-unavailable.ts', import.meta.url));

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components are imported (with their CSS) only where a template uses them.
    Components({
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: 'src/components.d.ts',
    }),
    bundleSizePlugin(),
    compressPlugin(),
  ],
  resolve: {
    alias: [
      // Consume the contracts' TypeScript source so the web app never waits for a contracts build.
      { find: '@agenthub/contracts', replacement: contractsSrc },
      // JSON Forms imports Ajv (which compiles with `new Function`, forbidden by the CSP) for a
      // default validator the app never uses: a stand-in keeps it out of the bundle.
      { find: /^ajv(-formats)?$/, replacement: ajvUnavailable },
      { find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
    ],
  },
  define: {
    // vue-i18n feature flags: composition API only, which lets the bundler drop the legacy API.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  optimizeDeps: {
    // Components are resolved on demand, so Vite would only discover Element Plus while serving a
    // page and then re-bundle it mid-load ("Outdated Optimize Dep"). Pre-bundle it up front.
    include: [
      'element-plus/es',
      ...elementPlusStyleEntries(),
      '@element-plus/icons-vue',
      'vue',
      'vue-router',
      'pinia',
      'vue-i18n',
    ],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: process.env.VITE_API_PROXY ?? 'http://127.0.0.1:3000', changeOrigin: true },
      // The agent page shows this origin's /mcp URL (the MCP server endpoint) for MCP clients.
      '/mcp': { target: process.env.VITE_API_PROXY ?? 'http://127.0.0.1:3000', changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Routes are split by their dynamic imports; the framework gets its own long-cached chunk.
        codeSplitting: {
          groups: [
            {
              name: 'vue-vendor',
              test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
