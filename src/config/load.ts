// All front ends merged, lowest first: defaults, the ResourceList functionConfig, the config
// file, PROXY_RENDER_* environment variables, flags. A later source replaces a setting
// whole (lists are not concatenated across sources).

import { InputError } from '../kyaml/errors';
import type { Resource } from '../kyaml/resource';
import { settingsFromEnv } from './env';
import { settingsFromFile, settingsFromResource } from './file';
import type { CommandLine } from './flags';
import { defaults, type Settings } from './schema';

export interface ConfigSources {
  commandLine: CommandLine;
  env: Record<string, string | undefined>;
  functionConfig?: Resource;
}

export async function loadSettings({ commandLine, env, functionConfig }: ConfigSources): Promise<Settings> {
  const [positional, ...extra] = commandLine.positional;
  if (extra.length > 0) throw new InputError(`unexpected argument '${extra[0]}': one config file at most`);
  if (positional !== undefined && commandLine.configFile !== undefined) {
    throw new InputError(`both --config ${commandLine.configFile} and '${positional}' given: pass one config file`);
  }
  const configFile = commandLine.configFile ?? positional;
  const layers: Partial<Settings>[] = [
    functionConfig ? await settingsFromResource(functionConfig, 'functionConfig') : {},
    configFile !== undefined ? await settingsFromFile(configFile) : {},
    settingsFromEnv(env),
    commandLine.settings,
  ];
  const settings = Object.assign(defaults(), ...layers) as Settings;
  checkConsistency(settings);
  return settings;
}

function checkConsistency(s: Settings): void {
  if (s.localRegistryHost === '' && (s.localRegistryNamespace !== '' || s.localRegistryKeepPath)) {
    throw new InputError('localRegistryNamespace and localRegistryKeepPath need localRegistryHost (--local-registry-host)');
  }
  if (s.localRegistryHost === '' && s.private.length > 0 && s.appSlug === '') {
    throw new InputError('an app slug is needed to proxy images: pass --app-slug (or PROXY_RENDER_APP_SLUG, or appSlug in the config)');
  }
}
