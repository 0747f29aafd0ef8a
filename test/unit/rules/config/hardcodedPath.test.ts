import { ruleTester } from '../../../helpers/ruleTester';
import { hardcodedPath } from '../../../../server/src/engine/rules/config/hardcodedPath';

/** aibrix's samples/adapter/base.yaml: a runtime sidecar that calls the vLLM container of its pod. */
const pod = (endpoint: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: qwen-coder',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: vllm-openai',
    '          image: vllm/vllm-openai:v0.7.1',
    '          command: [python3, -m, vllm.entrypoints.openai.api_server, --port, "8000"]',
    '        - name: aibrix-runtime',
    '          image: aibrix/runtime:v0.7.0',
    '          env:',
    '            - name: INFERENCE_ENGINE_ENDPOINT',
    `              value: ${endpoint}`,
    '',
  ].join('\n');

ruleTester(hardcodedPath, {
  valid: [
    {
      name: 'repository-relative paths and container paths',
      files: { 'dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n    deps:\n      - data/raw.csv\n    outs:\n      - /opt/data/out\n' },
    },
    { name: 'a service hostname', files: { 'params.yaml': 'db: postgresql://warehouse.internal:5432/fraud\n' } },
    {
      name: 'the rendezvous of single-node distributed training: rank 0 opens the port itself',
      files: { 'params.yaml': 'moco:\n  world_size: 1\n  dist_url: "tcp://localhost:23457"\n  dist_backend: nccl\n' },
    },
    { name: 'localhost in a pod spec is the pod itself (a sidecar)', files: { 'k8s/base.yaml': pod('http://localhost:8000') } },
    {
      name: "a job that runs in a container image: the home folder is the image user's",
      files: {
        '.github/workflows/gpu.yml':
          'on: push\njobs:\n  gpu-tests:\n    runs-on: gpu\n    env:\n      HF_HOME: /home/user_lerobot/.cache/huggingface\n    container:\n      image: ghcr.io/acme/test:1.2.0\n    steps:\n      - run: pytest\n',
      },
    },
    {
      name: "a Tekton task always runs in a container: a home folder in its params is the image user's",
      files: {
        'tekton/pipeline.yaml':
          'apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: p\nspec:\n  tasks:\n    - name: push\n      taskRef:\n        name: git-cli\n      params:\n        - name: USER_HOME\n          value: /home/git\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the same home folder in a job that runs on the runner itself',
      files: {
        '.github/workflows/gpu.yml':
          'on: push\njobs:\n  gpu-tests:\n    runs-on: gpu\n    env:\n      HF_HOME: /home/alice/.cache/huggingface\n    steps:\n      - run: pytest\n',
      },
      errors: [{ file: '.github/workflows/gpu.yml', line: 6, message: /one person's home folder/ }],
    },
    {
      name: 'a home folder',
      files: { 'params.yaml': 'data_dir: /Users/alice/fraud/data\n' },
      errors: [{ file: 'params.yaml', line: 1, message: /one person's home folder/ }],
    },
    {
      name: 'a dep in /home and a localhost endpoint',
      files: {
        'dvc.yaml': 'stages:\n  s:\n    cmd: python s.py\n    deps:\n      - /home/bob/raw.csv\n',
        'params.yaml': 'tracking_uri: http://localhost:5000\n',
      },
      errors: [
        { file: 'dvc.yaml', line: 5, message: /home folder/ },
        { file: 'params.yaml', line: 1, message: /only exists on the machine/ },
      ],
    },
    {
      name: 'a private IP',
      files: { 'params.yaml': 'index: http://172.17.0.1:8080/simple\n' },
      errors: [{ file: 'params.yaml', line: 1, message: /private IP/ }],
    },
    {
      name: 'a rendezvous at a private IP names one network',
      files: { 'params.yaml': 'moco:\n  dist_url: "tcp://10.1.2.3:23457"\n' },
      errors: [{ file: 'params.yaml', line: 2, message: /private IP/ }],
    },
    {
      name: 'a private IP in a pod spec is still one network',
      files: { 'k8s/base.yaml': pod('http://10.0.3.7:8000') },
      errors: [{ file: 'k8s/base.yaml', line: 16, message: /private IP/ }],
    },
  ],
});
