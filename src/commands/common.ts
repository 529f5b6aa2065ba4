// What the subcommands share with the main run: the same flags, the same settings (the KOTS
// Application in the input included), the same image policy.

import type { CommandLine } from '../config/flags';
import { loadSettings } from '../config/load';
import type { Settings } from '../config/schema';
import { InputError } from '../kyaml/errors';
import type { Package } from '../kyaml/read';
import type { Resource } from '../kyaml/resource';
import type { Result } from '../kyaml/results';
import { applicationInInput, expandAllNamespaces, kotsResources } from '../transforms/kots-kinds';

export interface CommandResult {
  /** What goes to stdout. */
  output: string;
  /** Printed on stderr, one line each. */
  results: Result[];
  settings?: Settings;
}

export type Command = (args: string[], env: Record<string, string | undefined>, readInput: () => Promise<string>) => Promise<CommandResult>;

/**
 * Takes a subcommand's own flags out of `args` (`--out DIR`, `--out=DIR`, `--with-secret`),
 * leaving the settings flags for parseCommandLine.
 */
export function commandFlags<T extends Record<string, 'value' | 'boolean'>>(
  args: readonly string[],
  spec: T,
): { flags: { [K in keyof T]?: T[K] extends 'value' ? string : boolean }; rest: string[] } {
  const flags: Record<string, string | boolean> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const key = name.startsWith('--') ? name.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) : '';
    const kind = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (kind === undefined) rest.push(arg);
    else if (kind === 'boolean') {
      if (eq >= 0 && !['true', 'false'].includes(arg.slice(eq + 1))) throw new InputError(`${name}: expected true or false, got ${JSON.stringify(arg.slice(eq + 1))}`);
      flags[key] = eq < 0 || arg.slice(eq + 1) === 'true';
    } else {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new InputError(`${name} needs a value`);
      flags[key] = value;
    }
  }
  return { flags: flags as { [K in keyof T]?: T[K] extends 'value' ? string : boolean }, rest };
}

/** Settings as the main run loads them for `pkg`, with positional arguments already taken by the command. */
export async function settingsFor(
  pkg: Package,
  commandLine: CommandLine,
  env: Record<string, string | undefined>,
): Promise<{ settings: Settings; kots: Resource[]; results: Result[] }> {
  const kots = kotsResources(pkg.resources);
  const application = applicationInInput(kots);
  const loaded = await loadSettings({ commandLine, env, ...(application.settings ? { application: application.settings } : {}) });
  return { settings: expandAllNamespaces(loaded, pkg.resources), kots, results: application.results };
}
