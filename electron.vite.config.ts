import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

export default defineConfig({
  main: {
    build: {
      // better-sqlite3 and friends stay external (native modules ship with the app).
      externalizeDeps: true,
      // The MIME parser runs in worker threads: its entry is built beside index.js, where
      // src/main/mail/parser.ts looks for it.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'parse-worker': resolve(__dirname, 'src/main/mail/parse-worker.ts'),
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
