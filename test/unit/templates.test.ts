// Templated YAML (Helm, Jinja, cookiecutter, kapitan) is read as far as it is YAML, said once per
// file at info level, and never reported as a syntax error; nothing is reported from unresolved
// `{{ }}` values. Snippets after `helm create`'s scaffold and public charts and starters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, str, mappings, get, templateLanguage } from '../../server/src/engine/text/yaml';
import { analyse } from '../helpers/ruleTester';
import { inHelmChart } from '../../server/src/engine/sources/helm';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "model-server.fullname" . }}
  labels:
    {{- include "model-server.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          args: ["serve", "--model-uri", "{{ .Values.model.uri }}"]
          env:
            - name: MODEL_REGISTRY_PASSWORD
              value: {{ .Values.registry.password | quote }}
          {{- with .Values.readinessProbe }}
          readinessProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
`;
const CHART = 'charts/model-server/Chart.yaml';
const VALUES = 'charts/model-server/values.yaml';
const TEMPLATE = 'charts/model-server/templates/deployment.yaml';

test('a Helm template: statement lines left out, the rest read, one info notice, no syntax error', () => {
  const y = parseYaml(TEMPLATE, DEPLOYMENT);
  assert.deepEqual(
    y.problems.map((p) => [p.severity, p.template, p.partial, p.syntax]),
    [['info', 'Helm chart template', true, undefined]],
  );
  assert.match(y.problems[0].message, /6 template statement lines left out/);
  const [doc] = mappings(y);
  const container = get(get(get(get(doc, 'spec'), 'template'), 'spec'), 'containers') as unknown as { items: unknown[] };
  assert.equal(
    str(y, get(container.items[0], 'image')),
    '{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}',
  );
  assert.equal(str(y, get(get(doc, 'spec'), 'replicas')), '{{ .Values.replicaCount }}');
});

test('a template that is YAML only once rendered: nothing read, said once', () => {
  const y = parseYaml(TEMPLATE, 'env:\n{{ .Values.env | toYaml | indent 2 }}\nargs: {{ .Values.args }} {{ .Values.more }}: x\n  y: [\n');
  assert.equal(y.docs.length, 0);
  assert.deepEqual(
    y.problems.map((p) => [p.severity, p.syntax]),
    [['info', undefined]],
  );
  assert.match(y.problems[0].message, /YAML only once rendered, so Loopwise did not analyse it/);
});

test('`{{ }}` only inside values: read in full, nothing to say', () => {
  const y = parseYaml(TEMPLATE, 'kind: Job\nspec:\n  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n');
  assert.deepEqual(y.problems, []);
});

test("a format's own expressions are no template: a real syntax error stays one (Argo, GitHub Actions)", () => {
  for (const text of [
    'spec:\n  args: ["{{inputs.parameters.date}}"\n  x: 1\n',
    'jobs:\n  t:\n    env:\n      TOKEN: ${{ secrets.TOKEN }}\n    steps: [\n',
  ]) {
    const y = parseYaml('workflow.yaml', text);
    assert.deepEqual(
      y.problems.map((p) => [p.severity, p.syntax]),
      [['error', true]],
      text,
    );
  }
});

test("the template language is named from the file's own syntax", () => {
  assert.equal(templateLanguage(TEMPLATE, DEPLOYMENT), 'Helm chart template');
  assert.equal(templateLanguage('deploy/job.yaml', '{{- if .Values.x }}\n'), 'Go template');
  assert.equal(templateLanguage('x.yml', 'name: {{ cookiecutter.project_slug }}\n'), 'cookiecutter');
  assert.equal(templateLanguage('inventory/classes/m.yml', 'image: {{ inventory.parameters.image }}\n'), 'kapitan (Jinja)');
  assert.equal(templateLanguage('x.yml', '{% for m in models %}\n- {{ m }}\n{% endfor %}\n'), 'Jinja');
  assert.equal(templateLanguage('x.yml', 'args: ["{{inputs.parameters.date}}"]\nenv: ${{ secrets.X }}\n'), undefined);
});

test('Helm is named by the chart layout: a Chart.yaml beside the `templates/` folder', async () => {
  const notice = async (files: Record<string, string>) =>
    (await analyse(files)).filter((f) => f.ruleId === 'loopwise/unrendered-template').map((f) => f.message.split(':')[0]);
  assert.deepEqual(await notice({ [CHART]: 'apiVersion: v2\nname: model-server\nversion: 0.3.1\n', [TEMPLATE]: DEPLOYMENT }), [
    'Helm chart template',
  ]);
  assert.deepEqual(await notice({ 'deploy/templates/deployment.yaml': DEPLOYMENT, 'deploy/README.md': 'rendered by our own script' }), [
    'Go template',
  ]);
});

test('a Helm chart: no error, no finding from unresolved values, no probe finding on a partly read template', async () => {
  const findings = await analyse({
    [CHART]: 'apiVersion: v2\nname: model-server\nversion: 0.3.1\nappVersion: "1.4.0"\n',
    [VALUES]: 'replicaCount: 2\nimage:\n  repository: ghcr.io/acme/fraud-model-server\n  tag: ""\nregistry:\n  password: ""\n',
    [TEMPLATE]: DEPLOYMENT,
    'charts/model-server/templates/train-job.yaml':
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include "model-server.fullname" . }}-train\nspec:\n  template:\n    spec:\n      containers:\n        - name: train\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          command: ["python", "train.py", "--password", "{{ .Values.registry.password }}"]\n      restartPolicy: Never\n',
  });
  assert.deepEqual(
    findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.severity} ${f.ruleId}`),
    [`${TEMPLATE}:1 info loopwise/unrendered-template`],
  );
});

test('inHelmChart: the templates folder of a chart, nested charts included', () => {
  const files = new Set(['charts/serving/Chart.yaml', 'Chart.yaml']);
  const siblings = { read: (p: string) => (files.has(p) ? 'apiVersion: v2\n' : undefined) };
  assert.equal(inHelmChart('charts/serving/templates/deployment.yaml', siblings), true);
  assert.equal(inHelmChart('templates/job.yaml', siblings), true);
  assert.equal(inHelmChart('charts/other/templates/job.yaml', { read: () => undefined }), false);
  assert.equal(inHelmChart('charts/serving/values.yaml', siblings), false);
});
