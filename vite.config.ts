// Builds the browser app (document list and editor) into dist/, which the server serves.
import { defineConfig } from 'vite'
import { resolve } from 'node:path'

export default defineConfig({
  root: 'editor',
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // maps stay on the server for debugging; the scripts sent to browsers do not refer to them
    sourcemap: 'hidden',
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'editor/index.html'),
        doc: resolve(import.meta.dirname, 'editor/doc.html'),
        login: resolve(import.meta.dirname, 'editor/login.html'),
        account: resolve(import.meta.dirname, 'editor/account.html'),
        admin: resolve(import.meta.dirname, 'editor/admin.html'),
      },
    },
  },
})
