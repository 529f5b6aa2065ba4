// --help, generated from the settings table so it cannot drift from what the tool accepts.

import { CONFIG_API_VERSION, CONFIG_KIND } from './config/file';
import { SETTINGS, envName, kebab } from './config/schema';

export function helpText(): string {
  const flags = SETTINGS.filter((s) => !s.fileOnly).map((s) => {
    const flag = `--${kebab(s.key)}${s.type === 'boolean' ? '' : ` ${s.value ?? 'VALUE'}`}`;
    const def = (s.type === 'string' || s.type === 'choice') && s.default ? ` (default ${s.default})` : '';
    return `  ${flag.padEnd(34)} ${s.describe}${def}\n  ${''.padEnd(34)} env ${envName(s.key)}, config key ${s.key}\n`;
  });
  const fileOnly = SETTINGS.filter((s) => s.fileOnly).map((s) => `  ${s.key.padEnd(34)} ${s.describe}\n`);
  return `proxy-render: pull a vendor's private images through the Replicated proxy registry (or a
local registry) by rewriting Kubernetes manifests. Reads a YAML stream or a KRM ResourceList
(YAML or JSON) on stdin and writes the same form on stdout.

Usage:
  helm template my-app ./chart | proxy-render --app-slug my-app --private 'quay.io/my-org/*'
  helm install my-app ./chart --post-renderer proxy-render --post-renderer-args --app-slug=my-app ...
  proxy-render --config proxy-render.yaml < rendered.yaml > out.yaml
  proxy-render CONFIG_FILE < stream.yaml      (kustomize legacy exec plugin: argv[1] is its config)
  kustomize/kpt KRM function: a ResourceList on stdin; functionConfig is a ${CONFIG_KIND} or a ConfigMap

KOTS releases: HelmChart kots.io/v1beta2 resources in the input get their values rendered (KOTS
template functions, optionalValues); a kots.io Application configures the run below flags, env and
config file. Commands:
  proxy-render values helmchart.yaml --license license.yaml > values.yaml
                                     the chart's values as KOTS renders them, for helm install -f
  proxy-render kustomize-images [--out DIR [--with-secret]] < rendered.yaml
                                     the KOTS-style kustomize images: list (with --out, a kustomization
                                     directory; --with-secret adds the pull Secret and imagePullSecrets patches)

Settings (flags win over PROXY_RENDER_* env, env over the config file, the file over functionConfig,
functionConfig over a KOTS Application, the Application over the license; a credential and its
*-file form count as one setting):
${flags.join('')}
Config file and functionConfig only (apiVersion: ${CONFIG_API_VERSION}, kind: ${CONFIG_KIND}):
${fileOnly.join('')}
Other flags:
  --config FILE                      read settings from FILE
  -h, --help                         show this help
  --version                          print the version

Exit status: 0 on success, 1 on bad input or configuration (one message on stderr, nothing on
stdout; in ResourceList mode the list comes back with an error result), 2 on an internal error
(a bug: please report it).
`;
}
