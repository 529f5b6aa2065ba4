// Settings from PROXY_RENDER_* environment variables (useful where flags are awkward: CI,
// Argo CD plugins, Helm 4 plugins).

import { InputError } from '../kyaml/errors';
import { SETTINGS, envName, type Settings } from './schema';
import { SettingError, parseSetting } from './values';

const PREFIX = 'PROXY_RENDER_';

export function settingsFromEnv(env: Record<string, string | undefined>): Partial<Settings> {
  const byName = new Map(SETTINGS.filter((s) => !s.fileOnly).map((s) => [envName(s.key), s]));
  const settings: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(PREFIX) || raw === undefined) continue;
    const spec = byName.get(name);
    if (!spec) throw new InputError(`unknown environment variable ${name} (known: ${[...byName.keys()].join(', ')})`);
    try {
      settings[spec.key] = parseSetting(spec, raw);
    } catch (e) {
      if (e instanceof SettingError) throw new InputError(`${name}: ${e.message}`);
      throw e;
    }
  }
  return settings as Partial<Settings>;
}
