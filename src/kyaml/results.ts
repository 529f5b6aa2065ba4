// KRM function results (config.kubernetes.io ResourceList `results`), also the unit of
// warnings in stream mode, where they are printed on stderr.

import type { Resource } from './resource';

export type Severity = 'error' | 'warning' | 'info';

export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: { apiVersion: string; kind: string; name: string; namespace?: string };
  field?: { path: string };
  file?: { path: string; index?: number };
}

const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];

export function resourceResult(resource: Resource, severity: Severity, message: string, fieldPath?: string): Result {
  const meta = resource.meta();
  const result: Result = {
    message,
    severity,
    resourceRef: { apiVersion: meta.apiVersion, kind: meta.kind, name: meta.name, ...(meta.namespace ? { namespace: meta.namespace } : {}) },
  };
  if (fieldPath) result.field = { path: fieldPath };
  const path = firstOf(meta.annotations, PATH_ANNOTATIONS);
  if (path !== undefined) {
    const index = firstOf(meta.annotations, INDEX_ANNOTATIONS);
    result.file = { path, ...(index !== undefined && /^\d+$/.test(index) ? { index: Number(index) } : {}) };
  }
  return result;
}

function firstOf(annotations: Readonly<Record<string, string>>, names: readonly string[]): string | undefined {
  for (const name of names) if (annotations[name] !== undefined) return annotations[name];
  return undefined;
}
