// Builds the web app into dist/web, which the node serves at `/` (src/server/web.routes.ts).
// `npx vite --config web/vite.config.ts` serves it for development, with the API of a node
// running on ACCORD_URL (default http://127.0.0.1:8443) behind the same origin.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const node = process.env.ACCORD_URL ?? 'http://127.0.0.1:8443';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Inline nothing: the node's Content-Security-Policy allows same-origin files only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1', proxy: { '/api': { target: node, secure: false } } },
});
