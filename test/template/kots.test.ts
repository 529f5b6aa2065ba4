import { describe, expect, it } from 'vitest';
import { renderKotsTemplate, renderWholeValue, sprigFuncs, type TemplateFunc } from '../../src/template/index';
import { render, renderError } from './render-helper';

// KOTS renders `{{repl` actions over the whole text, then `repl{{` actions over the result
// (replicatedhq/kots pkg/template/builder.go RenderTemplate). Expected output was checked
// with Go's text/template and sprig driven through those same two passes.

function kotsFuncs(hasLocalRegistry: boolean): Record<string, TemplateFunc> {
  return {
    ...sprigFuncs,
    HasLocalRegistry: () => hasLocalRegistry,
    LocalRegistryHost: () => 'registry.corp.example:5000',
    LocalRegistryNamespace: () => 'my-app',
    ImagePullSecretName: () => 'my-app-registry',
  };
}

describe('the canonical vendor values (DOMAIN.md 8)', () => {
  const registry = '{{repl HasLocalRegistry | ternary LocalRegistryHost "proxy.replicated.com" }}';
  const repository = '{{repl HasLocalRegistry | ternary LocalRegistryNamespace "proxy/my-app/quay.io/my-org" }}/api';
  const pullSecret = '{{repl ImagePullSecretName }}';

  it('point at the proxy registry when there is no local registry', () => {
    const funcs = kotsFuncs(false);
    expect(renderKotsTemplate(registry, funcs)).toBe('proxy.replicated.com');
    expect(renderKotsTemplate(repository, funcs)).toBe('proxy/my-app/quay.io/my-org/api');
    expect(renderKotsTemplate(pullSecret, funcs)).toBe('my-app-registry');
  });

  it('point at the local registry when there is one', () => {
    const funcs = kotsFuncs(true);
    expect(renderKotsTemplate(registry, funcs)).toBe('registry.corp.example:5000');
    expect(renderKotsTemplate(repository, funcs)).toBe('my-app/api');
  });

  it('render the same in the repl{{ form', () => {
    const funcs = kotsFuncs(true);
    expect(renderKotsTemplate('repl{{ HasLocalRegistry | ternary LocalRegistryHost "proxy.replicated.com" }}', funcs)).toBe(
      'registry.corp.example:5000',
    );
  });
});

describe('delimiters', () => {
  it('leave Helm templates without repl untouched', () => {
    const helm = 'image: {{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}';
    expect(render(helm)).toBe(helm);
  });

  it('keep the text around actions byte for byte', () => {
    expect(render('  a: "{{repl upper "x" }}"  # {{ keep }}\n')).toBe('  a: "X"  # {{ keep }}\n');
  });

  it('render {{repl actions before repl{{ actions, so the first can write the second', () => {
    expect(render('{{repl "repl{{ upper \\"late\\" }}" }}')).toBe('LATE');
  });

  it('do not carry variables from the first pass into the second', () => {
    expect(renderError('{{repl $x := "a" }}repl{{ $x }}').message).toBe('undefined variable "$x"');
  });

  it('render both styles in one text', () => {
    expect(render('repl{{ "a" }}-{{repl "b" }}')).toBe('a-b');
  });
});

describe('errors', () => {
  it('name the action and the column where it starts', () => {
    const error = renderError('image: repl{{ Unknown }}');
    expect(error.message).toBe('function "Unknown" not defined');
    expect(error.expression).toBe('repl{{ Unknown }}');
    expect(error.column).toBe(8);
  });

  it('point into the original text when the second pass fails after the first changed it', () => {
    const error = renderError('{{repl "ab" }} x repl{{ upper 1 }}');
    expect(error.expression).toBe('repl{{ upper 1 }}');
    expect(error.column).toBe(18);
  });

  it('blame the {{repl action whose output the second pass could not parse', () => {
    const error = renderError('ok {{repl print "repl{{ Bad }}" }}');
    expect(error.message).toBe('function "Bad" not defined');
    expect(error.column).toBe(4);
  });

  it('report an unclosed action', () => {
    const error = renderError('a: {{repl 1');
    expect(error.message).toBe('unclosed action');
    expect(error.expression).toBe('{{repl 1');
    expect(error.column).toBe(4);
  });
});

describe('renderWholeValue: what KOTS makes of an unquoted scalar', () => {
  const funcs = {
    ...kotsFuncs(true),
    ConfigOption: (name: unknown) => ({ replicas: '3', tolerations: '[{"key":"a"}]', name: 'web' })[name as string] ?? '',
  };

  it('gives a bool for a bool action', () => {
    expect(renderWholeValue('repl{{ HasLocalRegistry }}', funcs)).toBe(true);
  });

  it('reads the rendered text as YAML, so a string "3" becomes the number 3', () => {
    expect(renderWholeValue('repl{{ ConfigOption "replicas" }}', funcs)).toBe(3);
  });

  it('uses YAML 1.1 words as go-yaml v2 does', () => {
    expect(renderWholeValue('{{repl "yes" }}', funcs)).toBe(true);
  });

  it('keeps text that is no number, bool or null a string', () => {
    expect(renderWholeValue('repl{{ LocalRegistryHost }}', funcs)).toBe('registry.corp.example:5000');
  });

  it('reads JSON from toJson as a structure', () => {
    expect(renderWholeValue('repl{{ ConfigOption "tolerations" }}', funcs)).toEqual([{ key: 'a' }]);
  });

  it('reads text around the action too: KOTS renders the whole line', () => {
    expect(renderWholeValue('repl{{ "80" }}80', funcs)).toBe(8080);
  });

  it('gives null for an empty result', () => {
    expect(renderWholeValue('repl{{ "" }}', funcs)).toBeNull();
  });
});
