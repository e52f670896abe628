// Vite serves and builds the window; Vitest reads its `test` section.
// Tauri expects the dev server on a fixed port (tauri.conf.json build.devUrl).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The app's version, from the one place it is written (an update offer names both).
const tauriConfig = JSON.parse(readFileSync(new URL('../tauri.conf.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Keep the Rust build's output visible when both run in one terminal.
  clearScreen: false,
  define: { __APP_VERSION__: JSON.stringify(tauriConfig.version) },
  server: {
    port: 1420,
    strictPort: true,
    // The Rust sources change often; reloading the page for them is pointless.
    watch: { ignored: ['**/target/**', '**/core/**', '**/src-tauri/**'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Linux runs the window in WebKitGTK; Safari 13 syntax is safe for every platform's web view.
    target: 'safari13',
  },
  test: {
    include: ['test/**/*.test.ts'],
    // DOM tests opt in to jsdom with a `@vitest-environment jsdom` comment.
    environment: 'node',
    // After each test: cancel the frames and timers its views left waiting (src/dom.ts).
    setupFiles: ['test/setup.ts'],
  },
});
