import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

export default defineConfig({
  main: {
    build: {
      // better-sqlite3 and friends stay external (native modules ship with the app).
      externalizeDeps: true,
      // The MIME parser and the mail store's writer run in worker threads: their entries are
      // built beside index.js, where src/main/mail/{parser,store-writer}.ts look for them.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'parse-worker': resolve(__dirname, 'src/main/mail/parse-worker.ts'),
          'store-worker': resolve(__dirname, 'src/main/mail/store-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): bundle everything else into one
      // CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
})
