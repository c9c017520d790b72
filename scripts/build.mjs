// Ahead-of-time build: compiles the server and the CLI from TypeScript/TSX into dist/ (one ES module each, npm
// packages left as imports), so production runs plain JavaScript without a loader.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const started = Date.now();
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  // The server is a chunk main.js imports dynamically, after its heap settings (src/main.ts says why).
  splitting: true,
  target: 'node24',
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: '@kitajs/html',
  logLevel: 'warning',
});
console.log(`concierge: built dist/ in ${Date.now() - started} ms`);
