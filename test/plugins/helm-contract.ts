// Helm's side of the post-renderer contract, rebuilt from Helm's source so the tests can run
// without Helm (it cannot be installed here). Sources, helm/helm at v4.2.4
// (f0917316d866318df5162c8142035295d85e304b) and v3.21.4:
// - Helm 4 plugin.yaml: internal/plugin/metadata_v1.go (MetadataV1, decoded with
//   KnownFields(true) in loader.go since 4.1), runtime_subprocess.go (RuntimeConfigSubprocess),
//   subprocess_commands.go (PlatformCommand, getPlatformCommand, PrepareCommands),
//   schema/postrenderer.go (ConfigPostRendererV1 has no fields; config.go decodes it strictly).
// - Helm 4 run: runtime_subprocess.go runPostrenderer (env, argv, stdout captured, stderr
//   captured and never shown), pkg/postrenderer/postrenderer.go (empty output is an error),
//   pkg/action/action.go annotateAndMerge / splitAndDeannotate (the filename annotation).
// - Helm 3 run: pkg/postrender/exec.go (exec.Command(path, args...), stderr in the error).

import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

export const FILENAME_ANNOTATION = 'postrenderer.helm.sh/postrender-filename';

/** Fields Helm 4 accepts, level by level. Top level: MetadataV1 (unknown ones are rejected since 4.1). */
export const HELM4_FIELDS = {
  metadata: ['apiVersion', 'name', 'type', 'runtime', 'version', 'sourceURL', 'config', 'runtimeConfig'],
  /** RuntimeConfigSubprocess. */
  subprocessRuntimeConfig: ['platformCommand', 'platformHooks', 'protocolCommands'],
  /** PlatformCommand. */
  platformCommand: ['os', 'arch', 'command', 'args'],
  /** ConfigPostRendererV1 is an empty struct, decoded with KnownFields(true). */
  postRendererConfig: [] as string[],
};

/** plugin.go validPluginName. */
export const PLUGIN_NAME = /^[A-Za-z0-9_-]+$/;

/** Masterminds semver StrictNewVersion: MAJOR.MINOR.PATCH, optional -prerelease and +build, no leading v. */
export const STRICT_SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export interface PlatformCommand {
  os?: string;
  arch?: string;
  command: string;
  args?: string[];
}

/** Go's runtime.GOOS / runtime.GOARCH for this machine. */
export function goPlatform(): { os: string; arch: string } {
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
  return { os: process.platform === 'win32' ? 'windows' : process.platform, arch };
}

/** getPlatformCommand: exact os+arch, else os with no arch, else neither; first of each kind wins. */
export function selectPlatformCommand(cmds: readonly PlatformCommand[], platform = goPlatform()): { command: string[]; args: string[] } | undefined {
  const eq = (a: string | undefined, b: string): boolean => (a ?? '').toLowerCase() === b.toLowerCase();
  let found: { command: string[]; args: string[] } | undefined;
  let foundOs = false;
  for (const c of cmds) {
    if (eq(c.os, platform.os) && eq(c.arch, platform.arch)) return { command: c.command.split(' '), args: c.args ?? [] };
    if ((c.os && !eq(c.os, platform.os)) || c.arch) continue;
    if (!foundOs && c.os && eq(c.os, platform.os)) {
      found = { command: c.command.split(' '), args: c.args ?? [] };
      foundOs = true;
    } else if (!found) {
      found = { command: c.command.split(' '), args: c.args ?? [] };
    }
  }
  return found;
}

/** Go's os.Expand for `$NAME` and `${NAME}` (unset names expand to ''). */
export function goExpand(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g, (_, braced: string | undefined, bare: string | undefined) => env[braced ?? bare ?? ''] ?? '');
}

/** PrepareCommands(cmds, expandArgs=true, extraArgs, env): the executable and its argv. */
export function prepareCommand(cmds: readonly PlatformCommand[], extraArgs: readonly string[], env: Readonly<Record<string, string | undefined>>): { file: string; argv: string[] } {
  const selected = selectPlatformCommand(cmds);
  if (!selected || selected.command[0] === '') throw new Error('no plugin command is applicable');
  const [main, ...rest] = selected.command;
  return {
    file: goExpand(main!, env),
    argv: [...rest.map((a) => goExpand(a, env)), ...selected.args.map((a) => goExpand(a, env)), ...extraArgs],
  };
}

export interface HelmRun {
  /** What the post-renderer wrote on stdout and stderr, and its exit status. */
  stdout: string;
  stderr: string;
  status: number | null;
  /** The error Helm reports to the user, or undefined when Helm accepts the output. */
  helmError?: string;
  /** Helm 4: the output documents regrouped by the filename annotation (splitAndDeannotate). */
  files?: Record<string, number>;
  /** The command Helm ran. */
  file: string;
  argv: string[];
}

function environment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !name.startsWith('PROXY_RENDER_')) env[name] = value;
  return { ...env, ...extra };
}

/**
 * Helm 4 (`--post-renderer <name>`, post-render strategy "combined"): runs the plugin found in
 * pluginDir as runPostrenderer does, then checks the output as postRendererPlugin.Run and
 * splitAndDeannotate do.
 */
export function helm4PostRender(
  plugin: { dir: string; name: string; platformCommand: PlatformCommand[] },
  postRendererArgs: readonly string[],
  manifests: string,
  opts: { env?: Record<string, string>; cwd?: string } = {},
): HelmRun {
  const env = environment({ ...opts.env, HELM_PLUGIN_NAME: plugin.name, HELM_PLUGIN_DIR: plugin.dir });
  const { file, argv } = prepareCommand(plugin.platformCommand, postRendererArgs, env);
  const result = spawnSync(file, argv, { input: manifests, env, encoding: 'utf8', timeout: 30_000, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  if (result.error) throw result.error;
  const run: HelmRun = { stdout: result.stdout, stderr: result.stderr, status: result.status, file, argv };
  const prefix = 'error while running post render on files';
  if (result.status !== 0) {
    return { ...run, helmError: `${prefix}: failed to invoke post-renderer plugin "${plugin.name}": plugin "${plugin.name}" exited with error` };
  }
  if (result.stdout.trim() === '') return { ...run, helmError: `${prefix}: post-renderer "${plugin.name}" produced empty output` };
  const files: Record<string, number> = {};
  let i = 0;
  for (const doc of parseAllDocuments(result.stdout)) {
    const value = doc.toJS() as { metadata?: { annotations?: Record<string, string> } } | null;
    if (value === null) continue;
    const name = value.metadata?.annotations?.[FILENAME_ANNOTATION] ?? `generated-by-postrender-${i}.yaml`;
    files[name] = (files[name] ?? 0) + 1;
    i++;
  }
  return { ...run, files };
}

/** Helm 3 (`--post-renderer <path> --post-renderer-args ...`): execRender.Run. */
export function helm3PostRender(binaryPath: string, postRendererArgs: readonly string[], manifests: string, opts: { env?: Record<string, string> } = {}): HelmRun {
  const env = environment(opts.env ?? {});
  const result = spawnSync(binaryPath, [...postRendererArgs], { input: manifests, env, encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  const run: HelmRun = { stdout: result.stdout, stderr: result.stderr, status: result.status, file: binaryPath, argv: [...postRendererArgs] };
  if (result.status !== 0) {
    return { ...run, helmError: `error while running post render on files: error while running command ${binaryPath}. error output:\n${result.stderr}: exit status ${result.status}` };
  }
  return run;
}
