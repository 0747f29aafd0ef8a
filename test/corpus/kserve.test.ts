import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kserveAdapter } from '../../server/src/engine/sources/kserve';
import { assertOnlyDetectedBy, corpusFile, parseClean, local } from './yamlCorpus';

test('EXPECTED 11: KServe driver_transformer with Feast feature refs', () => {
  const file = corpusFile('kserve__kserve/docs/samples/v1beta1/transformer/feast/driver_transformer.yaml');
  assertOnlyDetectedBy(file, kserveAdapter);
  const facts = parseClean(file, kserveAdapter);
  const transformer = facts.stages.find((s) => s.name === 'transformer')!;
  const predictor = facts.stages.find((s) => s.name === 'predictor')!;
  assert.equal(transformer.pipeline, 'sklearn-driver-transformer');
  assert.equal(predictor.pipeline, 'sklearn-driver-transformer');
  assert.ok(facts.stages.every((s) => s.role === 'serve'));
  assert.equal(transformer.image, 'kserve/driver-transformer:latest');
  assert.match(transformer.command!, /^python -m driver_transformer /);
  // Feast online store (feature view driver_hourly_stats) -> transformer -> predictor.
  assert.deepEqual(
    facts.orders.map((o) => `${local(o.before)} -> ${local(o.after)}`),
    ['sklearn-driver-transformer/transformer -> sklearn-driver-transformer/predictor'],
  );
  assert.deepEqual(
    facts.references.map((r) => [r.kind, r.name]),
    [
      ['feature', 'driver_hourly_stats:conv_rate'],
      ['feature', 'driver_hourly_stats:acc_rate'],
      ['feature', 'driver_hourly_stats:avg_daily_trips'],
    ],
  );
  assert.deepEqual(facts.io.map((i) => `${local(i.stage)} ${i.direction} ${i.artifact.scheme}:${i.artifact.name}`).sort(), [
    'sklearn-driver-transformer/predictor reads uri:gs://kfserving-examples/models/feast/driver',
    'sklearn-driver-transformer/predictor writes xcom:predictor.response',
    'sklearn-driver-transformer/transformer reads feature-view:driver_hourly_stats',
    'sklearn-driver-transformer/transformer reads xcom:predictor.response',
  ]);
  const values = new Map(facts.values.map((v) => [v.key, v.value]));
  assert.equal(
    values.get('spec.transformer.containers[0].args.feast_serving_url'),
    'feature-server-service.default.svc.cluster.local:6566',
  );
  assert.equal(values.get('spec.transformer.containers[0].args.entity_id_name'), 'driver_id');
  // Smell: `:latest` image; the model URI carries no version.
  assert.deepEqual(facts.versions.map((v) => `${v.subject} ${v.name} ${v.version ?? '-'}`).sort(), [
    'image kserve/driver-transformer latest',
    'model gs://kfserving-examples/models/feast/driver -',
  ]);
});
