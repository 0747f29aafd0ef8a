// The shared Python pipeline layer: an evaluator of module code with one hook per call, the
// code-I/O scan of task bodies, and SQL table extraction. Every Python SDK adapter (Airflow,
// Metaflow, KFP's Python DSL, Prefect, ...) builds on it; each keeps only its SDK's vocabulary.
export * from './values';
export * from './evaluator';
export * from './refs';
export * from './sql';
export * from './codeIo';
export * from './pipelineFacts';
export * from './functionPipelines';
