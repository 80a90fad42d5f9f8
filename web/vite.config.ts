// The web app's build: TypeScript + Preact (JSX through esbuild, no plugin), split so the
// shell and the sign-in load first and each page, and ECharts, arrive as their own chunk.
// `nazar serve` serves dist/ (index.html for the app's paths, assets/ with long caching);
// every asset also gets a .gz sibling that the server sends to clients accepting gzip.
import { defineConfig, type Plugin } from 'vite';
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function precompress(): Plugin {
  return {
    name: 'nazar-precompress',
    apply: 'build',
    closeBundle() {
      const dir = join(__dirname, 'dist', 'assets');
      for (const f of readdirSync(dir)) {
        if (!/\.(js|css|svg|json)$/.test(f)) continue;
        writeFileSync(join(dir, f + '.gz'), gzipSync(readFileSync(join(dir, f)), { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  plugins: [precompress()],
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/s': 'http://127.0.0.1:8080', '/static': 'http://127.0.0.1:8080' } },
  test: { include: ['tests/**/*.test.ts'], environment: 'node' },
} as any);
