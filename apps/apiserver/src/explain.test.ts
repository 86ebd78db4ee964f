/**
 * `kubectl explain` (the real kubectl v1.32) prints Kubernetes' field descriptions, read from
 * our /openapi/v3 documents, as it does against a real cluster.
 */
import { describe, expect, it } from 'vitest';
import { useKubectlServer } from './harness.test-support.js';

const cluster = useKubectlServer('kubectl-home-');

/** kubectl wraps and indents descriptions: compare with whitespace collapsed. */
async function explain(path: string): Promise<string> {
  return (await cluster.kubectl.ok('explain', path)).replace(/\s+/g, ' ');
}

describe('kubectl explain', () => {
  it('prints the description of a scalar field', async () => {
    expect(await explain('deployment.spec.replicas')).toContain(
      'FIELD: replicas <integer> DESCRIPTION: Number of desired pods. This is a pointer to distinguish between ' +
        'explicit zero and not specified. Defaults to 1.',
    );
  });

  it('prints the description of a struct field and of each of its fields', async () => {
    const out = await explain('pods.spec');
    expect(out).toContain('FIELD: spec <PodSpec> DESCRIPTION: Specification of the desired behavior of the pod.');
    expect(out).toContain('containers <[]Container> List of containers belonging to the pod.');
  });

  it('prints the type description of a kind and its metadata fields', async () => {
    expect(await explain('configmap')).toContain(
      'DESCRIPTION: ConfigMap holds configuration data for pods to consume.',
    );
    expect(await explain('configmap.metadata.labels')).toContain(
      'DESCRIPTION: Map of string keys and values that can be used to organize and categorize (scope and select) objects.',
    );
  });

  it('prints CustomResourceDefinition field descriptions', async () => {
    expect(await explain('customresourcedefinitions.spec.scope')).toContain(
      'DESCRIPTION: scope indicates whether the defined custom resource is cluster- or namespace-scoped.',
    );
  });
});
