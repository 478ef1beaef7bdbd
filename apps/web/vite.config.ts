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
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        manualChunks: {
          react: ['react', 'react-dom', 'react-dom/client'],
          prosemirror: ['prosemirror-model', 'prosemirror-state', 'prosemirror-view', 'prosemirror-transform', 'prosemirror-tables'],
          yjs: ['yjs', 'y-protocols/awareness', 'y-websocket', 'y-indexeddb', 'y-prosemirror'],
        },
      },
    },
  },
});
