// Argument parsing and dispatch only: stdin, argv and env in; stdout, stderr and the exit
// code out. Messages are one line each and stand alone (Helm 4 shows nothing else).

import { isUtf8 } from 'node:buffer';
import { appendFileSync, fstatSync, readFileSync, writeFileSync } from 'node:fs';
import { COMMANDS, type Command } from './commands';
import { CommandLineError, parseCommandLine, type CommandLine } from './config/flags';
import { redactor, secretsOf } from './config/load';
import { helpText } from './help';
import { InputError } from './kyaml/errors';
import { render } from './render';
import { reportEntries, reportJson, reportTable, resultLines } from './report';

declare const PROXY_RENDER_VERSION: string;

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const command = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? COMMANDS[argv[0]] : undefined;
  if (command) return runCommand(command, argv.slice(1), env);
  // A bad flag is still reported after stdin is read: a ResourceList must get it as a result.
  let commandLine: CommandLine | CommandLineError;
  try {
    commandLine = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof CommandLineError)) throw e;
    commandLine = e;
  }
  if (!(commandLine instanceof CommandLineError)) {
    if (commandLine.help) return print(process.stdout, helpText());
    if (commandLine.version) return print(process.stdout, `proxy-render ${PROXY_RENDER_VERSION}\n`);
  }
  // Known before the settings are: errors from here on go to this log file too.
  const logFile = (commandLine instanceof CommandLineError ? commandLine.logFile : commandLine.settings.logFile) ?? env.PROXY_RENDER_LOG_FILE;
  if (stdinIsTerminal()) return fail(commandLine instanceof CommandLineError ? commandLine : new InputError('no input: pipe manifests into proxy-render (see --help)'), logFile);

  let input: string;
  try {
    input = await readStdin();
  } catch (e) {
    return fail(e);
  }
  const rendered = await render(input, { commandLine, env, ...(process.stderr.isTTY ? { onProbeProgress: progressLine() } : {}) });
  if (!rendered.ok) {
    if (rendered.output !== undefined) await print(process.stdout, rendered.output);
    return fail(rendered.error, logFile);
  }
  const { settings, results, changes, probes } = rendered;
  const redact = redactor(secretsOf(settings));
  let messages = '';
  const warnings = results.filter((r) => r.severity !== 'info');
  messages += resultLines(warnings);
  if (settings.report || settings.dryRun || settings.reportJson) {
    const entries = reportEntries(changes);
    if (settings.report || (settings.dryRun && !settings.reportJson)) {
      messages += reportTable(entries, probes, settings.dryRun);
      messages += resultLines(results.filter((r) => r.severity === 'info'));
    }
    if (settings.reportJson) {
      try {
        writeFileSync(settings.reportJson, redact(reportJson(entries, probes, warnings, results.filter((r) => r.severity === 'info'), settings.dryRun)));
      } catch (e) {
        return fail(new InputError(`cannot write report: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { source: settings.reportJson }), settings.logFile);
      }
    }
  }
  await say(redact(messages), settings.logFile);
  return print(process.stdout, rendered.output);
}

/**
 * Messages go to stderr and, with --log-file, are appended to that file too: Helm 4 never
 * shows a post-renderer plugin's stderr.
 */
async function say(text: string, logFile: string | undefined): Promise<void> {
  if (text === '') return;
  process.stderr.write(text);
  if (!logFile) return;
  try {
    appendFileSync(logFile, text.replace(/^(?=.)/gm, `${new Date().toISOString()} `), { mode: 0o600 });
  } catch (e) {
    process.stderr.write(`proxy-render: warning: cannot write --log-file ${logFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
  }
}

/** A subcommand (`values`, `kustomize-images`): its output on stdout, its notes and warnings on stderr. */
async function runCommand(command: Command, args: string[], env: Record<string, string | undefined>): Promise<number> {
  try {
    const readInput = () => (stdinIsTerminal() ? Promise.reject(new InputError('no input: pipe manifests into proxy-render (see --help)')) : readStdin());
    const { output, results, settings } = await command(args, env, readInput);
    const redact = redactor(settings ? secretsOf(settings) : []);
    process.stderr.write(redact(resultLines(results)));
    return await print(process.stdout, output);
  } catch (e) {
    return fail(e);
  }
}

/** A progress line for probes that take longer than a second; only ever on a terminal. */
function progressLine(): (done: number, total: number) => void {
  const started = Date.now();
  let shown = false;
  return (done, total) => {
    if (!shown && Date.now() - started < 1000) return;
    shown = true;
    process.stderr.write(done === total ? '\r\x1b[K' : `\rproxy-render: probing registries ${done}/${total}`);
  };
}

/** Stdin as text. YAML is Unicode: bytes that are not UTF-8 are an error, never silently replaced. */
async function readStdin(): Promise<string> {
  const bytes = readStdinFile() ?? (await readStdinStream());
  const text = bytes.toString('utf8');
  if (!isUtf8(bytes)) {
    const bad = text.indexOf('\uFFFD');
    const line = text.slice(0, bad).split('\n').length;
    // Columns count characters, as document errors do (kyaml/document.ts): not UTF-16 units, not a byte order mark.
    const before = [...text.slice(text.lastIndexOf('\n', bad - 1) + 1, bad)].filter((ch) => ch !== '\uFEFF');
    throw new InputError('the input is not UTF-8 text', { line, column: before.length + 1 });
  }
  return text;
}

/** Nothing was piped in. A file is no terminal, and knowing it spares loading process.stdin. */
function stdinIsTerminal(): boolean {
  return !fstatSync(0).isFile() && process.stdin.isTTY === true;
}

/**
 * A file on stdin is read in one call: a third of the time of the stream below on large
 * input. Anything else (a pipe, which may be non-blocking) goes through the stream.
 */
function readStdinFile(): Buffer | undefined {
  return fstatSync(0).isFile() ? readFileSync(0) : undefined;
}

async function readStdinStream(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function print(stream: NodeJS.WriteStream, text: string): Promise<number> {
  return new Promise((resolve) => {
    if (text === '') resolve(0);
    else stream.write(text, () => resolve(0));
  });
}

async function fail(e: unknown, logFile?: string): Promise<number> {
  if (e instanceof InputError) {
    await say(`proxy-render: error: ${e.describe()}\n`, logFile);
    return 1;
  }
  throw e;
}
