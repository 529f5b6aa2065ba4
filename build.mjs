// Bundle src/ into one executable file, dist/proxy-render: no node_modules at run time.
import { build } from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';

const { version } = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const outfile = 'dist/proxy-render';

await build({
  entryPoints: ['src/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: false,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  define: { PROXY_RENDER_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
