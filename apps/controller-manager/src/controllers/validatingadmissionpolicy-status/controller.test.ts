// The validatingadmissionpolicy-status controller against a real API server: a policy's status
// records the generation it was last checked at, by server-side apply, as kube's does.
import type { ValidatingAdmissionPolicy } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { FIELD_MANAGER, newValidatingAdmissionPolicyStatusController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newValidatingAdmissionPolicyStatusController(ctx, { workers: 1 })]);
const { cluster, start } = bed;

const policies = () => cluster.client.resource('validatingadmissionpolicies');
const policy = (expression: string): ValidatingAdmissionPolicy => ({
  metadata: { name: 'replicas.example.com' },
  spec: {
    matchConstraints: {
      resourceRules: [
        { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] },
      ],
    },
    validations: [{ expression }],
  },
});

describe('validatingadmissionpolicy-status controller', () => {
  it("records each generation of a policy in its status as it is checked, as the controller's field manager", async () => {
    await start();
    await policies().create(policy('object.spec.replicas <= 5'));
    const first = await eventually(
      () => policies().get('replicas.example.com'),
      (p) => p.status?.observedGeneration === 1,
      'generation 1 observed',
    );
    expect(first.status).toEqual({ observedGeneration: 1, typeChecking: {} });
    expect(first.metadata.managedFields?.find((f) => f.subresource === 'status')).toMatchObject({
      manager: FIELD_MANAGER,
      operation: 'Apply',
    });

    await policies().update({ ...first, spec: policy('object.spec.replicas <= 3').spec });
    const second = await eventually(
      () => policies().get('replicas.example.com'),
      (p) => p.status?.observedGeneration === 2,
      'generation 2 observed',
    );
    expect(second.metadata.generation).toBe(2);
  });
});
