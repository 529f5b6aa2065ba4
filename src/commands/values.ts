// `proxy-render values HELMCHART_FILE [settings]`: the values KOTS would hand to Helm for one
// HelmChart v2, for `helm install ... -f values.yaml` followed by proxy-render as the
// post-renderer. The file may hold the rest of the release too (an Application configures the
// run as it does in a stream); exactly one HelmChart kots.io/v1beta2 must be in it.

import { readFileSync } from 'node:fs';
import { parseCommandLine } from '../config/flags';
import { toBlockYaml } from '../kyaml/emit';
import { InputError } from '../kyaml/errors';
import { readPackage } from '../kyaml/read';
import type { Resource } from '../kyaml/resource';
import { resourceResult } from '../kyaml/results';
import { HELMCHART_V2, isHelmChart, renderHelmChart } from '../transforms/helmchart-values';
import { imagePolicy } from '../transforms/image-policy';
import { kotsTemplateFunctions } from '../transforms/kots-kinds';
import { helpText } from '../help';
import type { Command } from './common';
import { settingsFor } from './common';

export const valuesCommand: Command = async (args, env) => {
  const commandLine = parseCommandLine(args);
  if (commandLine.help) return { output: helpText(), results: [] };
  const [path, ...extra] = commandLine.positional;
  if (path === undefined) throw new InputError('values: name the HelmChart file: proxy-render values helmchart.yaml [flags]');
  if (extra.length > 0) throw new InputError(`values: unexpected argument '${extra[0]}': one HelmChart file`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { source: path });
  }
  const pkg = await inFile(path, () => readPackage(text));
  const { settings, kots, results } = await settingsFor(pkg, { ...commandLine, positional: [] }, env);
  const charts: Resource[] = [];
  for (const resource of kots) if (isHelmChart(resource.meta())) charts.push(resource);
  const v2: Resource[] = [];
  for (const chart of charts) if (chart.meta().apiVersion === HELMCHART_V2) v2.push(chart);
  if (v2.length !== 1) {
    const v1 = charts.length - v2.length;
    const found = v2.length === 0 ? `none${v1 > 0 ? ` (${v1} HelmChart kots.io/v1beta1, which is deprecated and not rendered)` : ''}` : v2.map((c) => c.label()).join(', ');
    throw new InputError(`expected one HelmChart ${HELMCHART_V2} in the file, found ${found}`, { source: path });
  }
  const chart = v2[0]!;
  const funcs = await kotsTemplateFunctions(settings, imagePolicy(settings, { env }), kots.filter((r) => !charts.includes(r) || r === chart));
  const rendered = await inFile(path, () => renderHelmChart(chart, funcs));
  if (rendered.exclude) results.push(resourceResult(chart, 'warning', 'exclude is true: KOTS would not install this chart', 'spec.exclude'));
  const output = Object.keys(rendered.values).length === 0 ? '{}\n' : toBlockYaml(rendered.values);
  return { output, results, settings };
};

/** Errors about the file's content name the file (and the resource) instead of a stream document. */
async function inFile<T>(path: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof InputError && e.where.source === undefined) {
      e.where = { ...e.where, source: e.where.resource ? `${path} (${e.where.resource})` : path };
    }
    throw e;
  }
}
