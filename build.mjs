// Bundle src/ into one executable file, dist/proxy-render: no node_modules at run time.
//
// Code that most runs never execute is compiled separately and embedded as a string that is
// evaluated on first use: the registry probe with undici (only for --detect) and the full YAML
// parser (only for input outside the fast scanner's subset). V8 then skips parsing ~0.6 MB of
// JavaScript on every plain run; undici alone measured 16 ms of start-up.
import { build } from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';

const { version } = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const outfile = 'dist/proxy-render';
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' };

const deferred = ['src/registry/index.ts', 'src/kyaml/compose.ts'];
const embedded = new Map();
for (const entry of deferred) {
  const result = await build({ ...common, entryPoints: [entry], write: false });
  embedded.set(entry, result.outputFiles[0].text);
}

/** Replaces each deferred module in the main bundle by a loader of its embedded bundle. */
const embedDeferred = {
  name: 'embed-deferred',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/](registry[\\/]index|kyaml[\\/]compose)\.ts$/ }, (args) => {
      const entry = deferred.find((d) => args.path.endsWith(d));
      return {
        loader: 'js',
        contents: `const m = { exports: {} };
new Function('module', 'exports', 'require', ${JSON.stringify(embedded.get(entry))})(m, m.exports, require);
module.exports = m.exports;`,
      };
    });
  },
};

await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  outfile,
  banner: { js: '#!/usr/bin/env node' },
  define: { PROXY_RENDER_VERSION: JSON.stringify(version) },
  plugins: [embedDeferred],
});
await chmod(outfile, 0o755);
