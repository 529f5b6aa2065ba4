// Bundle src/ into one executable file, dist/proxy-render: no node_modules at run time.
//
// Code that most runs never execute is compiled separately and embedded as a string that is
// evaluated when one of its exports is first used: the registry probe (only for --detect),
// undici (only when a probe goes to the network, not when the cache answers), and
// the full YAML parser (only for input outside the fast scanner's subset). V8 then skips
// parsing ~0.6 MB of JavaScript on every run that does not need it; undici alone measured
// 16 ms of start-up. Because the exports are getters, a static import of such a module stays
// synchronous and free until used.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const { version } = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const outfile = 'dist/proxy-render';
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' };

/** A bundle as a string; `options` are esbuild's. */
async function bundleText(entry, options = {}) {
  const result = await build({ ...common, entryPoints: [entry], write: false, ...options });
  return result.outputFiles[0].text;
}

/**
 * Replaces each embedded module by one whose exports are getters: the code is evaluated when
 * an export is first used, so a static import costs nothing until then and stays synchronous.
 */
function deferring(embedded) {
  // An embedded module's own imports of other embedded modules (the registry's of undici)
  // are answered from this bundle, not from node_modules, which do not exist at run time.
  const loader = ({ code, imports }) => ({
    loader: 'js',
    contents: [
      `const embedded = { ${imports.map((id) => `${JSON.stringify(id)}: () => require(${JSON.stringify(id)})`).join(', ')} };`,
      'let loaded;',
      'const load = () => {',
      '  if (!loaded) {',
      '    const m = { exports: {} };',
      `    new Function('module', 'exports', 'require', ${JSON.stringify(code)})(m, m.exports, (id) => (embedded[id] ? embedded[id]() : require(id)));`,
      '    loaded = m.exports;',
      '  }',
      '  return loaded;',
      '};',
      `for (const name of ${JSON.stringify(exportNames(code))}) Object.defineProperty(module.exports, name, { enumerable: true, get: () => load()[name] });`,
    ].join('\n'),
  });
  return {
    name: 'deferring',
    setup(b) {
      b.onResolve({ filter: /^undici$/ }, (args) => (embedded[args.path] ? { path: args.path, namespace: 'embedded' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'embedded' }, (args) => loader(embedded[args.path]));
      b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
        const key = Object.keys(embedded).find((k) => args.path.endsWith(k));
        return key ? loader(embedded[key]) : undefined;
      });
    },
  };
}

/** The names a CommonJS bundle exports, found by evaluating it once here. */
function exportNames(code) {
  const m = { exports: {} };
  new Function('module', 'exports', 'require', code)(m, m.exports, createRequire(import.meta.url));
  return Object.keys(m.exports);
}

// Each its own string: a run the verdict cache answers evaluates the registry code but never
// scans undici's 0.5 MB.
const embed = async (entry, imports = []) => ({ code: await bundleText(entry, { external: imports }), imports });
const embedded = {
  undici: await embed(createRequire(import.meta.url).resolve('undici')),
  'src/registry/index.ts': await embed('src/registry/index.ts', ['undici']),
  'src/kyaml/compose.ts': await embed('src/kyaml/compose.ts'),
};

// The program, as the function the launcher compiles (with V8's code cache) and calls.
const program = await build({
  ...common,
  entryPoints: ['src/bin.ts'],
  write: false,
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
  define: { PROXY_RENDER_VERSION: JSON.stringify(version) },
  plugins: [deferring(embedded)],
});
const programText = program.outputFiles[0].text;
// Each line goes behind `//`; a character that ends a comment line would end it early.
// The executable: the launcher (src/launcher.ts), then the program as comment lines after a
// mark, which the launcher finds as the last one in the file.
const PROGRAM_MARK = '--- the program (src/bin.ts), read back by the launcher ---';
if (/[\r\u2028\u2029]/.test(programText) || programText.includes(PROGRAM_MARK)) throw new Error('the program cannot be appended as comment lines');
const PROGRAM_ASSET = 'program.js';
const launcher = await build({
  ...common,
  entryPoints: ['src/launcher.ts'],
  write: false,
  define: {
    PROXY_RENDER_PROGRAM_MARK: JSON.stringify(PROGRAM_MARK),
    PROXY_RENDER_PROGRAM_ID: JSON.stringify(createHash('sha256').update(programText).digest('hex').slice(0, 16)),
    PROXY_RENDER_PROGRAM_ASSET: JSON.stringify(PROGRAM_ASSET),
  },
});
const launcherText = launcher.outputFiles[0].text;
const commented = programText.replace(/^/gm, '//');
await mkdir('dist', { recursive: true });
await writeFile(outfile, `#!/usr/bin/env node\n${launcherText}//${PROGRAM_MARK}\n${commented}`);
await chmod(outfile, 0o755);

// `node build.mjs --sea`: also build a Node single executable application for this platform,
// dist/proxy-render-<os>-<arch> (Go-style names, as the Helm plugin expects), which runs
// where Node is not installed. Node >= 25.5 builds it itself (--build-sea); older Node writes
// a preparation blob (--experimental-sea-config) that postject must inject into a copy of node.
if (process.argv.includes('--sea')) await buildSea({ launcher: launcherText, program: programText, programAsset: PROGRAM_ASSET }, version);

async function buildSea({ launcher, program, programAsset }, version) {
  const { execFileSync } = await import('node:child_process');
  const { copyFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');

  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch;
  const executable = resolve(`dist/proxy-render-${process.platform}-${arch}`);
  const work = resolve('dist/sea');
  const main = `${work}/main.cjs`;
  const programFile = `${work}/program.js`;
  const blob = `${work}/proxy-render.blob`;
  const fail = (message) => {
    process.stderr.write(`build.mjs --sea: ${message}\n`);
    process.exit(1);
  };
  if (process.platform === 'win32') fail('Windows is not supported: build the SEA on Linux or macOS');

  await mkdir(work, { recursive: true });
  // The SEA runs the launcher as CommonJS without a file on disk; the program is its asset.
  await writeFile(main, launcher);
  await writeFile(programFile, program);
  const config = { main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, assets: { [programAsset]: programFile } };
  const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });

  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 25 || (major === 25 && minor >= 5)) {
    await writeFile(`${work}/sea-config.json`, JSON.stringify({ ...config, output: executable }, null, 2));
    run(process.execPath, ['--build-sea', `${work}/sea-config.json`]);
    if (process.platform === 'darwin') run('codesign', ['--sign', '-', executable]);
  } else {
    await writeFile(`${work}/sea-config.json`, JSON.stringify(config, null, 2));
    run(process.execPath, ['--experimental-sea-config', `${work}/sea-config.json`]);
    let postject;
    try {
      postject = createRequire(import.meta.url)('postject');
    } catch {
      fail(
        `Node ${process.version} cannot inject the SEA blob itself (--build-sea needs Node >= 25.5) and the ` +
          `postject package is not installed. Add it (npm install --save-dev --save-exact postject@1.0.0-alpha.6) or build with Node >= 25.5. ` +
          `Built so far: ${outfile} (needs Node) and the blob ${blob}.`,
      );
    }
    await copyFile(process.execPath, executable);
    await chmod(executable, 0o755);
    if (process.platform === 'darwin') run('codesign', ['--remove-signature', executable]);
    await postject.inject(executable, 'NODE_SEA_BLOB', await readFile(blob), {
      sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
      ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
    });
    if (process.platform === 'darwin') run('codesign', ['--sign', '-', executable]);
  }

  const reported = execFileSync(executable, ['--version'], { encoding: 'utf8' }).trim();
  if (reported !== `proxy-render ${version}`) fail(`${executable} --version printed '${reported}', expected 'proxy-render ${version}'`);
  process.stdout.write(`built ${executable} (${reported}, Node ${process.version}, no Node needed to run it)\n`);
}
