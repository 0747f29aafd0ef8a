import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kfpAdapter } from '../../../server/src/engine/sources/kfp';
import { run, textAt, local, orders, value } from './yamlFacts';
import { noteTexts } from '../../../server/src/engine/model/stageNotes';

const IR = `# PIPELINE DEFINITION
# Name: fraud-training
components:
  comp-load:
    executorLabel: exec-load
    outputDefinitions:
      artifacts:
        transactions:
          artifactType:
            schemaTitle: system.Dataset
            schemaVersion: 0.0.1
  comp-train:
    executorLabel: exec-train
    inputDefinitions:
      artifacts:
        data:
          artifactType:
            schemaTitle: system.Dataset
            schemaVersion: 0.0.1
      parameters:
        seed:
          parameterType: NUMBER_INTEGER
        max_depth:
          defaultValue: 6.0
          isOptional: true
          parameterType: NUMBER_INTEGER
    outputDefinitions:
      artifacts:
        model:
          artifactType:
            schemaTitle: system.Model
            schemaVersion: 0.0.1
        metrics:
          artifactType:
            schemaTitle: system.ClassificationMetrics
            schemaVersion: 0.0.1
      parameters:
        auc:
          parameterType: NUMBER_DOUBLE
  comp-gate:
    executorLabel: exec-gate
    inputDefinitions:
      parameters:
        auc:
          parameterType: NUMBER_DOUBLE
deploymentSpec:
  executors:
    exec-load:
      container:
        image: gcr.io/acme/load:1.2.0
        command: [python, load.py]
    exec-train:
      container:
        args: [--executor_input, '{{$}}', --function_to_execute, fit_model]
        command:
        - sh
        - -c
        - "python3 -m pip install --quiet 'kfp==2.7.0' '--no-deps' 'typing-extensions>=3.7.4,<5' && python3 -m pip install --quiet 'xgboost' 'pandas==2.2.0' && \\"$0\\" \\"$@\\"\\n"
        image: python:3.11
        env:
        - name: MLFLOW_TRACKING_URI
          value: http://mlflow:5000
    exec-gate:
      container:
        image: gcr.io/acme/gate
pipelineInfo:
  name: fraud-training
root:
  dag:
    tasks:
      load:
        componentRef:
          name: comp-load
        taskInfo:
          name: load
      train:
        componentRef:
          name: comp-train
        dependentTasks:
        - load
        inputs:
          artifacts:
            data:
              taskOutputArtifact:
                outputArtifactKey: transactions
                producerTask: load
          parameters:
            seed:
              componentInputParameter: seed
        taskInfo:
          name: train
      gate:
        componentRef:
          name: comp-gate
        inputs:
          parameters:
            auc:
              taskOutputParameter:
                outputParameterKey: auc
                producerTask: train
        triggerPolicy:
          condition: inputs.parameter_values['auc'] > 0.9
        taskInfo:
          name: gate
  inputDefinitions:
    parameters:
      seed:
        defaultValue: 42.0
        isOptional: true
        parameterType: NUMBER_INTEGER
      thresholds:
        defaultValue:
          flag: 0.83
        parameterType: STRUCT
      region:
        parameterType: STRING
schemaVersion: 2.1.0
sdkVersion: kfp-2.7.0
`;

test('tasks are stages; dependentTasks and task outputs are orders', () => {
  const facts = run(kfpAdapter, 'pipelines/fraud.yaml', IR);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => [s.pipeline, s.name, s.image]),
    [
      ['fraud-training', 'load', 'gcr.io/acme/load:1.2.0'],
      ['fraud-training', 'train', 'python:3.11'],
      ['fraud-training', 'gate', 'gcr.io/acme/gate'],
    ],
  );
  // The role of a lightweight component comes from its function name, not the SDK's bootstrap script.
  assert.equal(facts.stages[1].role, 'train');
  assert.equal(textAt(IR, facts.stages[1].range), 'train');
  assert.deepEqual(orders(facts), [
    'fraud-training/load -> fraud-training/train (dependentTasks)',
    'fraud-training/train -> fraud-training/gate (taskOutputParameter)',
  ]);
  assert.equal(textAt(IR, facts.orders[0].range), 'load');
  assert.deepEqual(noteTexts(facts.stages[2]), ["condition: inputs.parameter_values['auc'] > 0.9"]);
});

test('task outputs are kfp-output artifacts with kinds from their schema', () => {
  const facts = run(kfpAdapter, 'pipelines/fraud.yaml', IR);
  const io = facts.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.name} ${i.artifact.kind ?? '-'} ${i.artifact.scope}`);
  assert.deepEqual(io.sort(), [
    'fraud-training/gate reads train.auc - fraud-training',
    'fraud-training/load writes load.transactions data fraud-training',
    'fraud-training/train reads load.transactions data fraud-training',
    'fraud-training/train writes train.auc - fraud-training',
    'fraud-training/train writes train.metrics metrics fraud-training',
    'fraud-training/train writes train.model model fraud-training',
  ]);
  assert.ok(facts.io.every((i) => i.artifact.scheme === 'kfp-output'));
  const auc = facts.io.find((i) => i.direction === 'writes' && i.artifact.name === 'train.auc')!;
  assert.equal(textAt(IR, auc.range), 'auc');
});

test('pipeline parameters: definitions, defaults as params, references from tasks', () => {
  const facts = run(kfpAdapter, 'pipelines/fraud.yaml', IR);
  assert.deepEqual(
    facts.definitions.map((d) => [d.name, d.scope]),
    [
      ['seed', 'pipelines/fraud.yaml'],
      ['thresholds', 'pipelines/fraud.yaml'],
      ['region', 'pipelines/fraud.yaml'],
    ],
  );
  assert.equal(value(facts, 'seed')!.value, 42);
  assert.equal(value(facts, 'seed')!.isParam, true);
  assert.equal(value(facts, 'thresholds.flag')!.value, 0.83);
  assert.equal(value(facts, 'components.comp-train.max_depth')!.value, 6);
  assert.deepEqual(
    facts.references.map((r) => [r.name, r.scope, local(r.stage!)]),
    [['seed', 'pipelines/fraud.yaml', 'fraud-training/train']],
  );
  assert.equal(value(facts, 'deploymentSpec.executors.exec-train.container.env.MLFLOW_TRACKING_URI')!.value, 'http://mlflow:5000');
});

test('images and the packages a component installs (not the SDK bootstrap)', () => {
  const facts = run(kfpAdapter, 'pipelines/fraud.yaml', IR);
  assert.deepEqual(
    facts.versions.map((v) => `${v.subject} ${v.name} ${v.version ?? '-'}`),
    ['image gcr.io/acme/load 1.2.0', 'image python 3.11', 'package xgboost -', 'package pandas 2.2.0', 'image gcr.io/acme/gate -'],
  );
});

test('sub-DAGs are expanded with prefixed names; importers read their URI', () => {
  const text = `pipelineInfo:
  name: outer
components:
  comp-inner:
    dag:
      tasks:
        a:
          componentRef: {name: comp-leaf}
          inputs:
            parameters:
              x: {componentInputParameter: inner_x}
        b:
          componentRef: {name: comp-leaf}
          dependentTasks: [a]
    inputDefinitions:
      parameters:
        inner_x: {parameterType: STRING}
  comp-leaf:
    executorLabel: exec-leaf
  comp-importer:
    executorLabel: exec-importer
    outputDefinitions:
      artifacts:
        artifact:
          artifactType: {schemaTitle: system.Model}
deploymentSpec:
  executors:
    exec-leaf:
      container: {image: busybox}
    exec-importer:
      importer:
        artifactUri:
          constant: gs://models/fraud/v3
        typeSchema:
          schemaTitle: system.Model
root:
  dag:
    tasks:
      import-model:
        componentRef: {name: comp-importer}
      inner:
        componentRef: {name: comp-inner}
        dependentTasks: [import-model]
`;
  const facts = run(kfpAdapter, 'p.yaml', text);
  assert.deepEqual(facts.problems, []);
  assert.deepEqual(
    facts.stages.map((s) => s.name),
    ['import-model', 'inner', 'inner/a', 'inner/b'],
  );
  assert.deepEqual(orders(facts), [
    'outer/import-model -> outer/inner (dependentTasks)',
    'outer/inner -> outer/inner/a (sub-DAG)',
    'outer/inner/a -> outer/inner/b (dependentTasks)',
  ]);
  assert.deepEqual(
    facts.references.map((r) => [r.name, r.scope]),
    [['inner_x', 'p.yaml#comp-inner']],
  );
  assert.ok(facts.definitions.some((d) => d.name === 'inner_x' && d.scope === 'p.yaml#comp-inner'));
  const read = facts.io.find((i) => i.direction === 'reads')!;
  assert.deepEqual(read.artifact, { scheme: 'uri', name: 'gs://models/fraud/v3', kind: 'model' });
  assert.ok(facts.io.some((i) => i.direction === 'writes' && i.artifact.name === 'import-model.artifact' && i.artifact.kind === 'model'));
});

test('half-typed YAML: one problem, no throw', () => {
  const text = `pipelineInfo:
  name: p
root:
  dag:
    tasks:
      a:
        componentRef: {name: comp-a
      b: [
`;
  const facts = run(kfpAdapter, 'p.yaml', text);
  assert.equal(facts.problems.length, 1);
});

const detectCases: Array<[string, string, boolean]> = [
  ['p.yaml', 'pipelineInfo:\n  name: x\nroot:\n  dag: {}\n', true],
  ['p.yml', 'components: {}\ndeploymentSpec: {}\npipelineInfo:\n  name: x\n', true],
  ['p.yaml', 'pipelineSpec:\n  pipelineInfo:\n    name: x\n  root: {}\n', true],
  ['p.yaml', 'pipelineInfo:\n  name: x\n', false],
  ['p.json', 'pipelineInfo:\n  name: x\nroot: {}\n', false],
  ['p.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n', false],
];
for (const [path, text, expected] of detectCases) {
  test(`detect ${path} ${JSON.stringify(text.slice(0, 30))} -> ${expected}`, () =>
    assert.equal(kfpAdapter.detect({ path, text }), expected));
}
