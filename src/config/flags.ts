// Settings from command-line flags: `--app-slug my-app`, `--app-slug=my-app`, `--dry-run`,
// `--dry-run=false`, `--no-cache`; list flags repeat or take commas. Positional arguments are returned as
// they are: kustomize's legacy exec plugins pass the plugin config file as argv[1].

import { InputError } from '../kyaml/errors';
import { SETTINGS, kebab, type SettingSpec, type Settings } from './schema';
import { SettingError, parseSetting } from './values';

export interface CommandLine {
  settings: Partial<Settings>;
  configFile?: string;
  help: boolean;
  version: boolean;
  positional: string[];
}

const FLAGS = new Map(SETTINGS.filter((s) => !s.fileOnly).map((s) => [`--${kebab(s.key)}`, s]));

/** A bad command line; `logFile` is the --log-file given on it, where the error must be logged too. */
export class CommandLineError extends InputError {
  constructor(
    message: string,
    readonly logFile: string | undefined,
  ) {
    super(message);
  }
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const line: CommandLine = { settings: {}, help: false, version: false, positional: [] };
  let first: InputError | undefined;
  for (let i = 0; i < argv.length; i++) {
    try {
      i = parseArg(argv, i, line);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // Reading on finds a --log-file given after the mistake.
      first ??= e;
    }
  }
  if (first) throw new CommandLineError(first.message, line.settings.logFile);
  return line;
}

/** Reads the argument at `i` into `line`; returns the index of the last argument it used. */
function parseArg(argv: readonly string[], i: number, line: CommandLine): number {
  const arg = argv[i]!;
  if (!arg.startsWith('-') || arg === '-') {
    line.positional.push(arg);
    return i;
  }
  if (arg === '--') {
    line.positional.push(...argv.slice(i + 1));
    return argv.length;
  }
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg : arg.slice(0, eq);
  const inline = eq < 0 ? undefined : arg.slice(eq + 1);
  const takeValue = (): string => {
    if (inline !== undefined) return inline;
    const next = argv[i + 1];
    if (next === undefined) throw new InputError(`${name} needs a value`);
    // `--license-id --report` is a forgotten value, not a license ID of `--report`.
    if (next.startsWith('--') && next.length > 2) throw new InputError(`${name} needs a value, not the flag ${next.split('=')[0]} (for a value that starts with --, write ${name}=VALUE)`);
    i++;
    return next;
  };
  if (name === '-h' || name === '--help') line.help = true;
  else if (name === '--version') line.version = true;
  else if (name === '--config') line.configFile = takeValue();
  else {
    const negated = name.startsWith('--no-') ? FLAGS.get(`--${name.slice(5)}`) : undefined;
    const spec = negated?.type === 'boolean' ? negated : FLAGS.get(name);
    if (!spec) throw new InputError(`unknown flag ${name}${suggest(name)}; see --help`);
    if (spec === negated && inline !== undefined) throw new InputError(`${name} takes no value`);
    const raw = spec === negated ? 'false' : spec.type === 'boolean' ? (inline ?? 'true') : takeValue();
    const settings = line.settings as Record<string, unknown>;
    settings[spec.key] = merge(spec, settings[spec.key], parseFlag(spec, name, raw));
  }
  return i;
}

function parseFlag(spec: SettingSpec, name: string, raw: string): unknown {
  try {
    return parseSetting(spec, raw);
  } catch (e) {
    if (e instanceof SettingError) throw new InputError(`${name}: ${e.message}`);
    throw e;
  }
}

/** A repeated list flag adds to the list; any other flag given twice keeps the last value. */
function merge(spec: SettingSpec, before: unknown, value: unknown): unknown {
  return spec.type === 'list' && Array.isArray(before) ? [...(before as string[]), ...(value as string[])] : value;
}

function suggest(name: string): string {
  const close = [...FLAGS.keys(), '--config', '--help', '--version'].find((flag) => flag.startsWith(name) || name.startsWith(flag));
  return close ? ` (did you mean ${close}?)` : '';
}
