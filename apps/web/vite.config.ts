import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  // Workspace packages are consumed from their TypeScript source (the `source` export condition).
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    // changeOrigin stays false on purpose: the server compares Origin with Host to reject
    // cross-origin state-changing requests, so the proxied Host must remain the dev server's.
    proxy: {
      '/api': { target: backend },
      '/collab': { target: backend, ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
