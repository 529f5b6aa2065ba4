// The customer's license file (apiVersion kots.io/v1beta1, kind License) as the lowest layer of
// settings: license ID, app slug and proxy domain, which flags and files may still override.

import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../kyaml/errors';
import { readKindFile, withSource } from '../kyaml/file';
import { scalarText } from '../kyaml/resource';
import type { YNode } from '../kyaml/nodes';
import { SETTINGS, type Settings } from './schema';
import { SettingError, parseSetting } from './values';

export async function settingsFromLicense(path: string): Promise<Partial<Settings>> {
  // A missing bare word may be the license ID given where its file was wanted: never show it.
  if (!/[/.]/.test(path) && !existsSync(path)) throw new InputError('cannot read: ENOENT (a license file is wanted here; the value, not shown, may be the license ID: pass that with --license-id)', { source: 'license file' });
  const source = `license file ${path}`;
  const license = await readKindFile(path, source, 'License');
  return withSource(source, async () => {
    const fields = license.read((node) => {
      const spec = node.get('spec');
      if (spec?.type !== 'map') return undefined;
      const channelId = scalarText(spec.get('channelID'), 'spec.channelID');
      const channels = spec.get('channels');
      const channelDomains = (channels?.type === 'seq' ? channels.items() : []).flatMap((c) => {
        if (c.type !== 'map') return [];
        const domain = checked(c.get('replicatedProxyDomain'), 'spec.channels[].replicatedProxyDomain', 'proxyDomain');
        return domain ? [{ id: scalarText(c.get('channelID'), 'spec.channels[].channelID'), domain }] : [];
      });
      return {
        licenseId: checked(spec.get('licenseID'), 'spec.licenseID', 'licenseId'),
        appSlug: checked(spec.get('appSlug'), 'spec.appSlug', 'appSlug'),
        proxyDomain:
          checked(spec.get('replicatedProxyDomain'), 'spec.replicatedProxyDomain', 'proxyDomain') ??
          (channelDomains.find((c) => c.id === channelId) ?? channelDomains[0])?.domain,
      };
    });
    if (!fields?.licenseId) throw new InputError('the license has no spec.licenseID', { field: 'spec.licenseID' });
    return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<Settings>;
  });
}

/** A license field's text, held to the rules of the setting it becomes, at its line. */
function checked(node: YNode | undefined, field: string, key: 'licenseId' | 'appSlug' | 'proxyDomain'): string | undefined {
  const value = scalarText(node, field);
  if (value === undefined) return undefined;
  try {
    parseSetting(SETTINGS.find((s) => s.key === key)!, value);
  } catch (e) {
    if (e instanceof SettingError) throw new InputError(e.message, { field }, node!.start);
    throw e;
  }
  return value;
}

/**
 * A file that holds a credential, named by `setting`; its trailing newline is not part of it.
 * A path that cannot be read may be the credential itself, passed where its file was wanted
 * (passwords hold `/` and `.` too): the error never shows it.
 */
export function readSecretFile(path: string, setting: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new InputError(`cannot read: ${code} (the path is not shown: it may be the secret itself, given where its file was wanted)`, { source: setting });
  }
}
