// Output in the form the input came in: the stream's documents with their edits, or the
// ResourceList with its edits and this run's results.

import { toBlockYaml, type Plain } from './emit';
import type { Package } from './read';
import type { Result } from './results';

export function writePackage(pkg: Package, results: readonly Result[]): string {
  if (pkg.form === 'resource-list' && results.length > 0) setResults(pkg, results);
  return pkg.documents.map((doc) => doc.output()).join('');
}

/** Replace the ResourceList's `results` with ours, or add them after its last entry. */
function setResults(pkg: Package, results: readonly Result[]): void {
  const doc = pkg.listDocument!;
  const value = results as unknown as Plain;
  doc.read((root) => {
    const existing = root.entries().find((e) => e.key === 'results');
    if (pkg.json) {
      if (existing) doc.edit(existing.value.start, existing.value.end, JSON.stringify(value));
      else {
        const close = doc.text.lastIndexOf('}', root.end);
        const last = doc.text.slice(0, close).trimEnd().length;
        const comma = root.entries().length > 0 ? ',' : '';
        doc.edit(last, last, `${comma}\n  "results": ${JSON.stringify(value)}`);
      }
      return;
    }
    const block = `results:\n${toBlockYaml(value)}`;
    if (existing) doc.edit(existing.keyStart, existing.value.end, block.trimEnd());
    else doc.edit(doc.text.length, doc.text.length, (doc.text.endsWith('\n') || doc.text === '' ? '' : '\n') + block);
  });
}
