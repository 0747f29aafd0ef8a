// Data: the keys this format knows.
// Source: MLflow mlflow/projects/_project_spec.py (load_project reads these keys and ignores any other) and the MLproject file reference, MLflow 2.x.
export default {
  top: ['name', 'conda_env', 'python_env', 'docker_env', 'entry_points'],
  entryPoint: ['parameters', 'command'],
};
