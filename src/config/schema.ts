// One table of settings. Flags, environment variables, config files, the KRM functionConfig
// and --help are all derived from it, so a setting exists in every front end or in none.

import { validatePattern } from '../image/patterns';
import { fieldPathProblem } from '../kyaml/path';
import { imageNameProblem, type ImageOverride } from '../image/overrides';

export interface ImageFieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
}

export interface RegistryCredential {
  host: string;
  username: string;
  password?: string;
  passwordFile?: string;
}

export interface Settings {
  license: string;
  licenseId: string;
  licenseIdFile: string;
  pullSecretName: string;
  legacyAuth: boolean;
  injectPullSecret: 'rewritten' | 'all' | 'none';
  additionalNamespaces: string[];
  injectServiceAccounts: boolean;
  localRegistryUsername: string;
  localRegistryPassword: string;
  localRegistryPasswordFile: string;
  registryCredentials: RegistryCredential[];
  appSlug: string;
  proxyDomain: string;
  registryDomain: string;
  knownProxyDomains: string[];
  private: string[];
  public: string[];
  localRegistryHost: string;
  localRegistryNamespace: string;
  localRegistryKeepPath: boolean;
  images: ImageOverride[];
  imageFields: ImageFieldSpec[];
  detect: boolean;
  onUnknown: 'private' | 'public' | 'fail';
  offline: boolean;
  cache: boolean;
  cacheDir: string;
  cacheTtl: number;
  caFile: string;
  insecureRegistries: string[];
  probeConcurrency: number;
  probeTimeout: number;
  probeDeadline: number;
  report: boolean;
  reportJson: string;
  dryRun: boolean;
  validate: boolean;
  logFile: string;
  application: string;
  configValues: string;
  namespace: string;
  stripKotsKinds: boolean;
}

export type SettingKey = keyof Settings;

interface Common {
  key: SettingKey;
  describe: string;
  /** Name shown in --help for the value. */
  value?: string;
  /** Only in files and functionConfig (structured values have no flag or env form). */
  fileOnly?: boolean;
  /** A credential: never echoed, and redacted from every message and report. */
  secret?: boolean;
  /** A file path: in a config file, relative to that file's folder. */
  path?: boolean;
}

export type SettingSpec = Common &
  (
    | { type: 'string'; default: string; check?: (v: string) => string | undefined }
    | { type: 'boolean'; default: boolean }
    | { type: 'list'; default: string[]; check?: (v: string) => string | undefined }
    | { type: 'choice'; default: string; choices: readonly string[] }
    | { type: 'integer'; default: number; min: number; max: number }
    /** Milliseconds, written `500ms`, `5s`, `10m`, `24h`. */
    | { type: 'duration'; default: number }
    | { type: 'objects'; default: []; fields: Record<string, 'required' | 'optional'>; check?: (item: Record<string, string>) => string | undefined }
  );

const hostname = (v: string): string | undefined =>
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/.test(v)
    ? undefined
    : `'${v}' is not a registry host (host or host:port)`;

/**
 * What is wrong with a license ID, never quoting it. It is both the user name and the password
 * of basic auth (`LICENSE_ID:<id>`, or `<id>:<id>`), so a colon or a space would break it.
 */
export const licenseIdProblem = (v: string): string | undefined =>
  v === '' || /^[\x21-\x7e]+$/.test(v) && !v.includes(':') ? undefined : 'the license ID must be one word of printable characters, without spaces, line breaks or colons';

// Basic auth is `user:password`: a colon in the user name, or no password, breaks the login.
const registryCredential = (item: Record<string, string>): string | undefined =>
  hostname(item.host!) ??
  (item.username!.includes(':') ? 'username: a registry user name cannot hold a colon' : undefined) ??
  (item.password !== undefined && item.passwordFile !== undefined ? 'password and passwordFile both set: set one' : undefined) ??
  (item.password === '' ? 'password is empty' : undefined);

const slug = (v: string): string | undefined =>
  v === '' || /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(v) ? undefined : `'${v}' is not an app slug (lowercase letters, digits, '-', '.', '_')`;

const namespaceName = (v: string): string | undefined =>
  /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/.test(v) ? undefined : `'${v}' is not a Kubernetes namespace name`;

const namespaceOrAll = (v: string): string | undefined => (v === '*' ? undefined : namespaceName(v));

const secretName = (v: string): string | undefined =>
  v === '' || /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/.test(v) ? undefined : `'${v}' is not a Secret name (lowercase letters, digits, '-', '.')`;

const namespacePath = (v: string): string | undefined =>
  v === '' || /^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/.test(v) ? undefined : `'${v}' is not a registry namespace`;

export const SETTINGS: readonly SettingSpec[] = [
  { key: 'license', path: true, type: 'string', default: '', value: 'FILE', describe: "the customer's license file (kind License): license ID, app slug and proxy domain come from it" },
  { key: 'licenseId', type: 'string', default: '', value: 'ID', secret: true, check: licenseIdProblem, describe: 'license ID for the pull secret (prefer the env var or --license-id-file: flags show in process lists)' },
  { key: 'licenseIdFile', path: true, type: 'string', default: '', value: 'FILE', describe: 'file holding the license ID (a mounted Secret, a CI secret file)' },
  { key: 'pullSecretName', type: 'string', default: '', value: 'NAME', check: secretName, describe: 'name of the image pull Secret (default <app-slug>-registry); alone, without credentials, only injects it' },
  { key: 'legacyAuth', type: 'boolean', default: false, describe: 'pull secret credentials in the pre-2025 KOTS form <licenseID>:<licenseID> instead of LICENSE_ID:<licenseID>' },
  { key: 'injectPullSecret', type: 'choice', default: 'rewritten', choices: ['rewritten', 'all', 'none'], value: 'MODE', describe: 'which pod specs get imagePullSecrets: rewritten (pulling from a host the secret covers), all (every pod spec with images, as KOTS), none (the Secret is still made)' },
  { key: 'additionalNamespaces', type: 'list', default: [], value: 'NS,...', check: namespaceOrAll, describe: "namespaces that get the pull Secret even when no pod in the input runs there ('*': every namespace in the input)" },
  { key: 'injectServiceAccounts', type: 'boolean', default: false, describe: 'also add the pull secret to the ServiceAccounts in the input' },
  { key: 'localRegistryUsername', type: 'string', default: '', value: 'USER', describe: 'local registry username for the pull secret' },
  { key: 'localRegistryPassword', type: 'string', default: '', value: 'PASSWORD', secret: true, describe: 'local registry password (prefer the env var or --local-registry-password-file)' },
  { key: 'localRegistryPasswordFile', path: true, type: 'string', default: '', value: 'FILE', describe: 'file holding the local registry password' },
  { key: 'registryCredentials', type: 'objects', default: [], fileOnly: true, fields: { host: 'required', username: 'required', password: 'optional', passwordFile: 'optional' }, check: registryCredential, describe: "more registries for the pull secret (a vendor's second registry): host, username, password or passwordFile" },
  { key: 'appSlug', type: 'string', default: '', value: 'SLUG', check: slug, describe: 'application slug: the proxy path is <proxy-domain>/proxy/<slug>/<image>' },
  { key: 'proxyDomain', type: 'string', default: 'proxy.replicated.com', value: 'HOST', check: hostname, describe: 'proxy registry domain (a custom domain such as images.vendor.com)' },
  { key: 'registryDomain', type: 'string', default: 'registry.replicated.com', value: 'HOST', check: hostname, describe: 'Replicated registry domain; images there are never proxied, only moved to this host' },
  { key: 'knownProxyDomains', type: 'list', default: [], value: 'HOST,...', check: hostname, describe: 'further proxy domains: images already there are never proxied again' },
  { key: 'private', type: 'list', default: [], value: 'PATTERN,...', check: validatePattern, describe: "images to proxy: 'quay.io/my-org/*', 'quay.io/my-org/api', 'quay.io' (a whole registry) or 'all'" },
  { key: 'public', type: 'list', default: [], value: 'PATTERN,...', check: validatePattern, describe: 'images never to proxy; wins over --private' },
  { key: 'localRegistryHost', type: 'string', default: '', value: 'HOST', check: hostname, describe: 'local registry (air gap): every image moves there instead of the proxy' },
  { key: 'localRegistryNamespace', type: 'string', default: '', value: 'NS', check: namespacePath, describe: 'namespace (path) in the local registry' },
  { key: 'localRegistryKeepPath', type: 'boolean', default: false, describe: 'keep the repository path in the local registry (<host>/<ns>/my-org/api) instead of the last component (<host>/<ns>/api)' },
  { key: 'images', type: 'objects', default: [], fileOnly: true, fields: { name: 'required', newName: 'optional', newTag: 'optional', digest: 'optional', tagSuffix: 'optional' }, check: (item) => imageNameProblem(item.name!), describe: 'kustomize images: entries (name is a Go regular expression, as in kustomize), applied before the proxy rules' },
  { key: 'imageFields', type: 'objects', default: [], fileOnly: true, fields: { group: 'optional', version: 'optional', kind: 'optional', path: 'required' }, check: (item) => fieldPathProblem(item.path!), describe: 'more fields that hold images, kustomize fieldSpec style (kind, group, version, path: spec/image)' },
  { key: 'detect', type: 'boolean', default: false, describe: 'ask registries anonymously which images are private (those no pattern decides)' },
  { key: 'onUnknown', type: 'choice', default: 'private', choices: ['private', 'public', 'fail'], value: 'POLICY', describe: 'what an image is when its registry cannot be asked: private, public or fail' },
  { key: 'offline', type: 'boolean', default: false, describe: 'never open a socket: probe answers come from the cache only' },
  { key: 'cache', type: 'boolean', default: true, describe: 'keep probe answers on disk (--no-cache to turn off)' },
  { key: 'cacheDir', path: true, type: 'string', default: '', value: 'DIR', describe: 'probe cache directory (default $XDG_CACHE_HOME/proxy-render or ~/.cache/proxy-render)' },
  { key: 'cacheTtl', type: 'duration', default: 24 * 3600_000, value: 'DURATION', describe: 'how long a probe answer is kept (default 24h)' },
  { key: 'caFile', path: true, type: 'string', default: '', value: 'FILE', describe: 'extra CA certificates (PEM) for probing registries; NODE_EXTRA_CA_CERTS also works' },
  { key: 'insecureRegistries', type: 'list', default: [], value: 'HOST,...', check: hostname, describe: 'registries probed over plain HTTP (loopback always is)' },
  { key: 'probeConcurrency', type: 'integer', default: 16, min: 1, max: 256, value: 'N', describe: 'probes in flight at once (default 16)' },
  { key: 'probeTimeout', type: 'duration', default: 5000, value: 'DURATION', describe: 'timeout of one probe request (default 5s)' },
  { key: 'probeDeadline', type: 'duration', default: 30_000, value: 'DURATION', describe: 'time for all probing; images not answered by then are unknown (default 30s)' },
  { key: 'report', type: 'boolean', default: false, describe: 'print what changed as a table on stderr' },
  { key: 'reportJson', path: true, type: 'string', default: '', value: 'FILE', describe: 'write what changed as JSON to FILE' },
  { key: 'dryRun', type: 'boolean', default: false, describe: 'change nothing: write the input unchanged and report what would change (a ResourceList gets it as results)' },
  { key: 'logFile', path: true, type: 'string', default: '', value: 'FILE', describe: 'also append every message to FILE (Helm 4 hides a post-renderer\'s stderr)' },
  { key: 'validate', type: 'boolean', default: false, describe: 'check the YAML of every document with the full parser, also where no image can be, and refuse control characters (slower)' },
  { key: 'application', path: true, type: 'string', default: '', value: 'FILE', describe: "the KOTS Application (kots.io/v1beta1) of the release: custom domains, additionalNamespaces, proxyPublicImages; one in the input is read too (flags and config win over it)" },
  { key: 'configValues', path: true, type: 'string', default: '', value: 'FILE', describe: 'KOTS ConfigValues file (kots.io/v1beta1) for ConfigOption in HelmChart values' },
  { key: 'namespace', type: 'string', default: '', value: 'NS', check: (v) => (v === '' ? undefined : namespaceName(v)), describe: 'install namespace: resources there share the pull Secret of resources that name none; also the Namespace template function (default there: default)' },
  { key: 'stripKotsKinds', type: 'boolean', default: false, describe: 'drop KOTS and troubleshoot kinds (kots.io/*, troubleshoot.sh/*) from the output: they are not cluster resources' },
];

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function envName(key: string): string {
  return `PROXY_RENDER_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export function defaults(): Settings {
  return Object.fromEntries(SETTINGS.map((s) => [s.key, Array.isArray(s.default) ? [...s.default] : s.default])) as unknown as Settings;
}
