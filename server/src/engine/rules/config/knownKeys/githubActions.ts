// Data: the keys this format knows.
// Source: GitHub Docs, 'Workflow syntax for GitHub Actions' (2025), and SchemaStore src/schemas/json/github-workflow.json (normalJob and reusableWorkflowCallJob). GitHub rejects a workflow with any other key here: 'Unexpected value'.
export default {
  workflow: ['name', 'run-name', 'on', 'true', 'permissions', 'env', 'defaults', 'concurrency', 'jobs'],
  job: [
    'name',
    'needs',
    'runs-on',
    'permissions',
    'environment',
    'concurrency',
    'outputs',
    'env',
    'defaults',
    'if',
    'steps',
    'timeout-minutes',
    'strategy',
    'continue-on-error',
    'container',
    'services',
    'snapshot',
    'uses',
    'with',
    'secrets',
  ],
  step: ['id', 'if', 'name', 'uses', 'run', 'working-directory', 'shell', 'with', 'env', 'continue-on-error', 'timeout-minutes'],
};
