// The executable itself: it sets V8 up for a run that lasts a fraction of a second, then runs
// the bundled program (src/bin.ts and all it imports). build.mjs appends the program to this
// file as comment lines, which V8 skips in a millisecond where a string literal of the same
// 0.8 MB costs it several; here they are read back as text. In a single executable
// application (npm run build:sea) the program is the SEA's asset instead.
//
// - Inlining less in V8's optimizing compiler makes each optimized compile cheaper, so the
//   hot loops (reading lines, walking fields) leave the interpreter sooner: 10-15% less wall
//   time on the generated 3k and 9k streams of `npm run bench`.
// - Compiling the program, and each of its functions on first call, is work V8 can keep in a
//   code cache. The first run writes one to the cache directory; later runs start from it
//   (about 20 ms less on the README's example, 40-60 ms on 9,000 documents). V8 checks a cache
//   against the source, its own version and its flags and ignores one that does not match;
//   the run then writes a fresh one. The cache only saves time: failing to read or write it
//   changes nothing else.

import { accessSync, constants, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { defaultCacheDir } from './config/cache-dir';

/** The line after which every line of this file is a line of the program behind `//`. */
declare const PROXY_RENDER_PROGRAM_MARK: string;
/** A hash of the program, which names its code cache. */
declare const PROXY_RENDER_PROGRAM_ID: string;
/** The single executable application's asset that holds the program. */
declare const PROXY_RENDER_PROGRAM_ASSET: string;

const CACHE_PREFIX = 'v8-code-';
/** Caches of other builds (an upgraded proxy-render, another Node) are removed once this old. */
const STALE_MS = 30 * 24 * 3600 * 1000;

// Flags first: V8 stamps them into a code cache and rejects a cache made under other flags.
setFlagsFromString('--max-inlined-bytecode-size=50');

const env = process.env;
// A single executable's V8 rejects a cache made by node's, and the other way round.
const sea = isSea();
const dir = env.PROXY_RENDER_CACHE_DIR ? resolve(env.PROXY_RENDER_CACHE_DIR) : defaultCacheDir(env);
const file = join(dir, `${CACHE_PREFIX}${PROXY_RENDER_PROGRAM_ID}-${process.version}-${process.arch}${sea ? '-sea' : ''}.bin`);
const cached = readCache(file);
const script = new Script(programText(), { filename: __filename, ...(cached ? { cachedData: cached } : {}) });
// A run that only prints the version or the help compiles next to nothing: a cache written by
// it would leave every later run without the code it needs, as a valid cache is never rewritten.
const informational = process.argv.slice(2).some((arg) => arg === '--version' || arg === '--help' || arg === '-h');
// A failed run (a bad flag) stops as early, and says nothing about the runs after it.
if ((!cached || script.cachedDataRejected) && !informational) process.once('exit', (code) => code === 0 && writeCache(file, script));
script.runInThisContext()(exports, require, module, __filename, __dirname);

/** The program as a CommonJS function expression: `(function (exports, require, module, __filename, __dirname) {...})`. */
function programText(): string {
  if (sea) return getAsset(PROXY_RENDER_PROGRAM_ASSET, 'utf8');
  // The program is ASCII (esbuild escapes the rest), and latin1 is the cheapest decoding.
  const self = readFileSync(__filename, 'latin1');
  // The last one: the code above spells the mark too.
  const mark = `\n//${PROXY_RENDER_PROGRAM_MARK}\n`;
  return self.slice(self.lastIndexOf(mark) + mark.length - 1).replaceAll('\n//', '\n');
}

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Written at exit, so the cache holds every function the run compiled; replaced by rename so no reader sees half of it. */
function writeCache(path: string, compiled: Script): void {
  const temp = `${path}.${process.pid}.tmp`;
  const written = quietly(() => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    writeFileSync(temp, compiled.createCachedData(), { mode: 0o600 });
    renameSync(temp, path);
  });
  if (!written) quietly(() => rmSync(temp, { force: true }));
  else quietly(() => removeStale(path));
}

function removeStale(current: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.startsWith(CACHE_PREFIX) && path !== current) quietly(() => now - statSync(path).mtimeMs > STALE_MS && rmSync(path, { force: true }));
  }
}

/** Runs `work`; false if it failed. Nothing about the cache is worth an error. */
function quietly(work: () => unknown): boolean {
  try {
    work();
    return true;
  } catch {
    return false;
  }
}
