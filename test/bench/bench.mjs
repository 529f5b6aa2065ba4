// `npm run bench`: how fast dist/proxy-render is next to `kubectl kustomize` doing the same
// rewrite (the KOTS way) and next to a Node process that only copies stdin to stdout.
//
// Inputs: the kube-prometheus manifests (every image proxied: --private all) and generated
// Helm-like streams of 3,000 and 9,000 documents (--private with the generator's patterns),
// and the 3,000 as one KRM ResourceList (ours and the floor only; no target).
// Prints wall time (median and best) and peak RSS per tool, then the targets as PASS/MISS.
// It is a report, not a test: it always exits 0.
//
//   node test/bench/bench.mjs [--quick] [--no-kubectl]
//     --quick       fewer repetitions; kubectl kustomize runs once and skips the 9,000-document
//                   stream (it takes minutes there)
//     --no-kubectl  leave kubectl kustomize out
//   A full run takes about 8 minutes, nearly all of it kubectl kustomize on 9,000 documents.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import {
  generateStream,
  kustomizeImagesFor,
  matchesRepositoryPatterns,
  privateRepositoryPatterns,
} from '../helpers/generate-stream.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OURS = join(REPO, 'dist/proxy-render');
// Every tool runs with PATH and HOME only. Variables such as NODE_EXTRA_CA_CERTS (set on
// some CI machines; Node then loads a CA bundle at start-up, ~80 ms here) would add the same
// constant to proxy-render and the floor, and flatter the ratio between them.
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() };
const KUBE_PROMETHEUS = resolve(REPO, '../shared/fixtures/kube-prometheus.yaml');
const GNU_TIME = '/usr/bin/time';
const APP_SLUG = 'my-app';
const PROXY_DOMAIN = 'proxy.replicated.com';
const PROXY_PREFIX = `${PROXY_DOMAIN}/proxy/${APP_SLUG}/`;

const TARGETS = { kustomizeOverOurs: 50, oursOverFloor: 3, linearity: 1.5 };

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const withKubectl = !args.has('--no-kubectl');
const RUNS = quick
  ? { ours: 3, floor: 3, startup: 5, kubectl: { small: 1, large: 0 } }
  : { ours: 7, floor: 7, startup: 15, kubectl: { small: 3, large: 1 } };

const FLOOR_SCRIPT =
  "const c=[];process.stdin.on('data',d=>c.push(d)).on('end',()=>process.stdout.write(Buffer.concat(c)))";

try {
  main();
} catch (error) {
  // A report, not a test: say what broke and still exit 0.
  console.log(`bench failed: ${error?.stack ?? error}`);
}

function main() {
  if (!existsSync(OURS)) {
    console.log(`${OURS} is missing: run \`node build.mjs\` first (npm run bench does).`);
    return;
  }
  const hasGnuTime = gnuTimeWorks();
  if (!hasGnuTime) console.log(`note: GNU time not found at ${GNU_TIME} (apt-get install time): peak RSS is not measured.`);
  const hasKubectl = withKubectl && commandWorks('kubectl', ['version', '--client']);
  if (withKubectl && !hasKubectl) console.log('note: kubectl not found: kubectl kustomize is left out.');

  const work = mkdtempSync(join(tmpdir(), 'proxy-render-bench-'));
  try {
    const inputs = prepareInputs(work);
    const rows = [];
    const loadBefore = loadavg()[0];
    const startup = measureStartup(hasGnuTime);
    for (const input of inputs) {
      process.stderr.write(`bench: ${input.label}...\n`);
      rows.push(...measureInput(input, { work, hasGnuTime, hasKubectl }));
    }
    printReport(inputs, rows, startup);
    printLoad(loadBefore, loadavg()[0]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Inputs

function prepareInputs(work) {
  const inputs = [];
  if (existsSync(KUBE_PROMETHEUS)) {
    inputs.push(
      makeInput(work, {
        label: 'kube-prometheus',
        file: KUBE_PROMETHEUS,
        text: readFileSync(KUBE_PROMETHEUS, 'utf8'),
        private: ['all'],
        kubectlRuns: RUNS.kubectl.small,
      }),
    );
  } else {
    console.log(`note: ${KUBE_PROMETHEUS} is missing: kube-prometheus is left out.`);
  }
  for (const documents of [3000, 9000]) {
    const text = generateStream({ documents, seed: 1 });
    if (documents === 3000) inputs.push(resourceListInput(work, text, documents, 'yaml'), resourceListInput(work, text, documents, 'json'));
    const file = join(work, `generated-${documents}.yaml`);
    writeFileSync(file, text);
    inputs.push(
      makeInput(work, {
        label: `generated ${documents / 1000}k`,
        file,
        text,
        documents,
        private: privateRepositoryPatterns,
        kubectlRuns: documents > 5000 ? RUNS.kubectl.large : RUNS.kubectl.small,
      }),
    );
  }
  return inputs;
}

/**
 * The 3k stream as one KRM ResourceList, as kustomize and kpt hand it to a function: all items
 * in one document, in YAML, or in JSON on one line as other KRM tools write it. kubectl
 * kustomize takes no ResourceList, so it is ours against the floor only, and not one of the
 * issue's targets; it guards the one-big-document paths (the JSON one goes through the full
 * parser).
 */
function resourceListInput(work, text, documents, format) {
  const items = parseAllDocuments(text)
    .map((doc) => doc.toJS())
    .filter((item) => item !== null);
  const file = join(work, `resource-list-${documents}.${format}`);
  const list = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items };
  writeFileSync(file, format === 'json' ? JSON.stringify(list) : stringify(list));
  return {
    label: `ResourceList ${documents / 1000}k${format === 'json' ? ' JSON' : ''}`,
    file,
    bytes: statSync(file).size,
    documents: items.length,
    private: privateRepositoryPatterns,
    kubectlRuns: 0,
    kubectlWhy: 'takes no ResourceList',
    informative: true,
  };
}

function makeInput(work, { label, file, text, documents, private: patterns, kubectlRuns }) {
  const dir = join(work, `kustomize-${label.replace(/\W+/g, '-')}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'stream.yaml'), text);
  const images = kustomizeImagesFor(text, {
    proxyDomain: PROXY_DOMAIN,
    appSlug: APP_SLUG,
    isPrivate: matchesRepositoryPatterns(patterns),
  });
  writeFileSync(join(dir, 'kustomization.yaml'), stringify({ resources: ['stream.yaml'], images }));
  return {
    label,
    file,
    kustomizeDir: dir,
    bytes: statSync(file).size,
    documents: documents ?? countDocuments(text),
    private: patterns,
    kubectlRuns,
  };
}

function countDocuments(text) {
  // Documents with content: a `---` line followed by something other than comments.
  return text.split(/^---[ \t]*$/m).filter((part) => /^[ \t]*[^#\s]/m.test(part)).length;
}

// ---------------------------------------------------------------------------------------------
// Tools

function oursCommand(input) {
  // List flags repeat (they also take commas).
  const privateArgs = input.private.flatMap((pattern) => ['--private', pattern]);
  return [OURS, ['--app-slug', APP_SLUG, ...privateArgs]];
}

function tools(input, hasKubectl) {
  const list = [
    { tool: 'proxy-render', command: oursCommand(input), runs: RUNS.ours },
    { tool: 'node floor', command: [process.execPath, ['-e', FLOOR_SCRIPT]], runs: RUNS.floor },
  ];
  if (hasKubectl) {
    list.push({
      tool: 'kubectl kustomize',
      command: ['kubectl', ['kustomize', input.kustomizeDir]],
      runs: input.kubectlRuns,
      noStdin: true,
      skipWhy: input.kubectlWhy ?? (quick ? 'skipped with --quick (minutes on this input)' : undefined),
    });
  }
  return list;
}

function measureInput(input, { work, hasGnuTime, hasKubectl }) {
  const rows = [];
  for (const { tool, command, runs, noStdin, skipWhy } of tools(input, hasKubectl)) {
    const row = { input: input.label, tool, runs: [], note: '' };
    rows.push(row);
    if (runs === 0) {
      row.note = skipWhy ?? 'skipped';
      continue;
    }
    // One run into a file first: checks the tool works on this input and warms the page cache.
    const outFile = join(work, 'out.yaml');
    const first = run(command, { stdinFile: noStdin ? undefined : input.file, stdoutFile: outFile, hasGnuTime });
    if (!first.ok) {
      row.note = `failed: ${first.error}`;
      continue;
    }
    const output = readFileSync(outFile, 'utf8');
    // In a ResourceList, only the items: the results name each change too.
    row.proxied = countOccurrences(output.split(/^results:$|"results":/m)[0], PROXY_PREFIX);
    // kubectl is slow: its checking run counts as a measurement.
    if (tool === 'kubectl kustomize') row.runs.push(first);
    while (row.runs.length < runs) {
      const result = run(command, { stdinFile: noStdin ? undefined : input.file, stdoutFile: '/dev/null', hasGnuTime });
      if (!result.ok) {
        row.note = `failed: ${result.error}`;
        break;
      }
      row.runs.push(result);
    }
  }
  return rows;
}

function measureStartup(hasGnuTime) {
  const measure = (command) => {
    const runs = [];
    for (let i = 0; i < RUNS.startup; i++) runs.push(run(command, { stdoutFile: '/dev/null', hasGnuTime }));
    return runs.every((r) => r.ok) ? summarize(runs) : undefined;
  };
  const sea = seaExecutable();
  return {
    ours: measure([OURS, ['--version']]),
    node: measure([process.execPath, ['-e', '']]),
    ...(sea ? { sea: { ...measure([sea, ['--version']]), path: sea, sizeMB: statSync(sea).size / 1e6 } } : {}),
  };
}

/** The single executable from `npm run build:sea`, when one was built for this platform. */
function seaExecutable() {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch;
  const path = join(REPO, `dist/proxy-render-${process.platform}-${arch}`);
  return existsSync(path) ? path : undefined;
}

// ---------------------------------------------------------------------------------------------
// Running one command

function run([file, argv], { stdinFile, stdoutFile, hasGnuTime }) {
  const stdin = openSync(stdinFile ?? '/dev/null', 'r');
  const stdout = openSync(stdoutFile, 'w');
  const timeFile = join(tmpdir(), `proxy-render-bench-time-${process.pid}`);
  const [cmd, cmdArgs] = hasGnuTime ? [GNU_TIME, ['-f', '%e %M', '-o', timeFile, file, ...argv]] : [file, argv];
  try {
    const start = process.hrtime.bigint();
    const child = spawnSync(cmd, cmdArgs, { stdio: [stdin, stdout, 'pipe'], maxBuffer: 64 * 1024 * 1024, env: ENV });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.error) return { ok: false, error: child.error.message };
    if (child.status !== 0) {
      const stderr = child.stderr.toString().trim().split('\n').slice(-3).join(' | ');
      return { ok: false, error: `exit ${child.status}: ${stderr}` };
    }
    let rssMB;
    if (hasGnuTime) {
      const [, kib] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ');
      rssMB = Number(kib) / 1024;
    }
    return { ok: true, ms, rssMB };
  } finally {
    closeSync(stdin);
    closeSync(stdout);
    rmSync(timeFile, { force: true });
  }
}

function gnuTimeWorks() {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', '%e %M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\.\d+ \d+$/m.test(probe.stderr);
}

function commandWorks(file, argv) {
  const probe = spawnSync(file, argv, { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

// ---------------------------------------------------------------------------------------------
// Report

function summarize(runs) {
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  const rss = runs.map((r) => r.rssMB).filter((v) => v !== undefined);
  return { median, best: times[0], n: times.length, rssMB: rss.length ? Math.max(...rss) : undefined };
}

function printReport(inputs, rows, startup) {
  const byKey = new Map(rows.map((row) => [`${row.input}|${row.tool}`, row]));
  const stat = (input, tool) => {
    const row = byKey.get(`${input.label}|${tool}`);
    return row && row.runs.length ? summarize(row.runs) : undefined;
  };

  console.log('');
  console.log(`proxy-render bench (${quick ? 'quick' : 'full'}; node ${process.version}; environment PATH and HOME only; wall ms over n runs; peak RSS of one process)`);
  const table = [['input', 'MB', 'docs', 'tool', 'n', 'median ms', 'best ms', 'RSS MB', 'proxied refs / note']];
  for (const input of inputs) {
    for (const row of rows.filter((r) => r.input === input.label)) {
      const s = stat(input, row.tool);
      table.push([
        input.label,
        (input.bytes / 1e6).toFixed(2),
        String(input.documents),
        row.tool,
        s ? String(s.n) : '-',
        s ? s.median.toFixed(0) : '-',
        s ? s.best.toFixed(0) : '-',
        s?.rssMB !== undefined ? s.rssMB.toFixed(0) : '-',
        row.note || (row.tool === 'node floor' ? '' : String(row.proxied ?? '')),
      ]);
    }
  }
  printTable(table);

  console.log('');
  console.log('start-up (median ms, RSS MB):');
  const fmt = (s) => (s ? `${s.median.toFixed(0)} ms, ${s.rssMB?.toFixed(0) ?? '-'} MB` : 'failed');
  console.log(`  dist/proxy-render --version  ${fmt(startup.ours)}`);
  console.log(`  node -e ''                   ${fmt(startup.node)}`);
  if (startup.ours && startup.node) console.log(`  difference                   ${(startup.ours.median - startup.node.median).toFixed(0)} ms`);
  console.log(`  bundle size                  ${(statSync(OURS).size / 1e3).toFixed(0)} KB`);
  if (startup.sea) console.log(`  single executable            ${fmt(startup.sea)}, ${startup.sea.sizeMB.toFixed(1)} MB (${startup.sea.path})`);
  else console.log('  single executable            not built (npm run build:sea)');

  console.log('');
  console.log('targets:');
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  for (const input of inputs.filter((i) => !i.informative)) {
    const ours = stat(input, 'proxy-render');
    const kustomize = stat(input, 'kubectl kustomize');
    const floor = stat(input, 'node floor');
    if (ours && kustomize) {
      const ratio = kustomize.median / ours.median;
      const best = kustomize.best / ours.best;
      console.log(`  ${verdict(ratio >= TARGETS.kustomizeOverOurs)} kustomize/ours   ${input.label.padEnd(16)} ${ratio.toFixed(1)}x (best/best ${best.toFixed(1)}x; target >= ${TARGETS.kustomizeOverOurs}x)`);
    }
    if (ours && floor) {
      const ratio = ours.median / floor.median;
      const best = ours.best / floor.best;
      console.log(`  ${verdict(ratio <= TARGETS.oursOverFloor)} ours/floor       ${input.label.padEnd(16)} ${ratio.toFixed(2)}x (best/best ${best.toFixed(2)}x; target <= ${TARGETS.oursOverFloor}x)`);
    }
  }
  const generated = inputs.filter((i) => i.label.startsWith('generated')).map((input) => ({ input, ours: stat(input, 'proxy-render') }));
  if (generated.length === 2 && generated.every((g) => g.ours)) {
    const base = startup.ours?.median ?? 0;
    const perK = ({ input, ours }) => (ours.median - base) / (input.documents / 1000);
    const perMB = ({ input, ours }) => (ours.median - base) / (input.bytes / 1e6);
    const [small, large] = generated;
    const ratio = perK(large) / perK(small);
    // Only growth faster than linear misses: a lower per-document cost at 9k is the JIT warming up.
    console.log(
      `  ${verdict(ratio <= TARGETS.linearity)} linearity        ` +
        `ours (wall - start-up) per 1000 docs: ${perK(small).toFixed(1)} ms at 3k, ${perK(large).toFixed(1)} ms at 9k ` +
        `(${perMB(small).toFixed(1)} / ${perMB(large).toFixed(1)} ms per MB): 9k/3k ratio ${ratio.toFixed(2)} (target <= ${TARGETS.linearity})`,
    );
    const kSmall = stat(small.input, 'kubectl kustomize');
    const kLarge = stat(large.input, 'kubectl kustomize');
    if (kSmall && kLarge) {
      const kRatio = (kLarge.median / large.input.documents) / (kSmall.median / small.input.documents);
      console.log(`  info linearity   kubectl kustomize per-document cost 9k/3k: ${kRatio.toFixed(2)}`);
    }
  }
  console.log('');
  console.log('(a report, not a test: exit status is 0 whatever the verdicts)');
}

function printLoad(before, after) {
  const cpus = availableParallelism();
  const line = `load average (1 min) ${before.toFixed(1)} before, ${after.toFixed(1)} after, on ${cpus} CPUs`;
  const busy = Math.max(before, after) > cpus - 0.5;
  console.log(busy ? `${line}: the machine was busy, times are noisy (compare best ms)` : line);
}

function printTable(table) {
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => row[col].length)));
  const numeric = new Set([1, 2, 4, 5, 6, 7]);
  for (const row of table) {
    console.log(
      row
        .map((cell, col) => (numeric.has(col) ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
        .join('  ')
        .trimEnd(),
    );
  }
}

function countOccurrences(text, needle) {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}
