// settingsFromLicense: the license ID, app slug and proxy domain of a kots.io License.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { settingsFromLicense } from '../../src/config/license';
import { InputError } from '../../src/kyaml/errors';
import { tempDir } from '../helpers/run-cli';

const file = (text: string): string => join(tempDir({ 'license.yaml': text }), 'license.yaml');

const LICENSE = `apiVersion: kots.io/v1beta1
kind: License
metadata:
  name: cust
spec:
  licenseID: 2aBcDeFgHiJkLmNoPqRsTuVwXyZ
  appSlug: my-app
  channels:
  - channelID: c1
    replicatedProxyDomain: images.vendor.com
`;

describe('settingsFromLicense', () => {
  it('reads the license ID, the app slug and the channel proxy domain', async () => {
    expect(await settingsFromLicense(file(LICENSE))).toEqual({ licenseId: '2aBcDeFgHiJkLmNoPqRsTuVwXyZ', appSlug: 'my-app', proxyDomain: 'images.vendor.com' });
  });

  it.each([
    ['spec.appSlug', 'appSlug: my-app', 'appSlug: My App!', /line 7, column 12, spec\.appSlug: 'My App!' is not an app slug/],
    ['a channel proxy domain', 'replicatedProxyDomain: images.vendor.com', 'replicatedProxyDomain: images vendor', /line 10, column 28, spec\.channels\[\]\.replicatedProxyDomain: 'images vendor' is not a registry host/],
  ])('holds %s to the rules of the setting it becomes', async (_name, good, bad, message) => {
    const path = file(LICENSE.replace(good, bad));
    const error = await settingsFromLicense(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as InputError).describe()).toMatch(message);
  });

  // A line between spec's keys and the root's ends spec for a reader that only looks at
  // indentation, and the app slug after it would be lost without a word.
  it('names a misindented line, rather than missing the keys after it', async () => {
    const path = file(LICENSE.replace('  appSlug', ' bad\n  appSlug'));
    const error = await settingsFromLicense(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).describe().replace(path, 'FILE')).toMatch(/^license file FILE, line 7, column \d+: /);
  });
});
