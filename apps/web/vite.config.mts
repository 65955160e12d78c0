import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dashboard: built into dist/web, which the API serves at / (apps/api/src/web/web-static.ts).
 * React's JSX is compiled by Vite's own transform (tsconfig: jsx react-jsx); the label table and
 * the step table are imported from libs/ as they are.
 */
export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  build: {
    outDir: `${here}../../dist/web`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
    rolldownOptions: {
      // Ant Design's modules start with "use client" (for React Server Components): meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    fs: { allow: [`${here}../..`] },
  },
});
