import { describe, expect, it } from 'vitest';
import { apiServicePrinter } from '../printing/apiregistration.js';
import type { APIService } from '../schema/apiregistration-v1.js';
import { validateAPIService, validateAPIServiceStatus } from './apiregistration.js';
import { formatFieldError, type FieldError } from './field-errors.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);
const svc = (name: string, spec: APIService['spec'], status?: APIService['status']): APIService => ({
  metadata: { name, creationTimestamp: '2024-05-01T11:00:00Z' },
  spec,
  ...(status ? { status } : {}),
});
const metrics = (): APIService['spec'] => ({
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  service: { namespace: 'kube-system', name: 'metrics-server', port: 443 },
  groupPriorityMinimum: 100,
  versionPriority: 100,
});

describe('APIService validation', () => {
  it('accepts metrics-server as its manifest registers it', () => {
    expect(validateAPIService(svc('v1beta1.metrics.k8s.io', metrics()))).toEqual([]);
  });

  it('needs the name <version>.<group>, priorities in range and a complete service', () => {
    const bad = svc('metrics', { ...metrics(), service: { namespace: 'kube-system' }, versionPriority: 0 });
    expect(messages(validateAPIService(bad))).toEqual([
      'metadata.name: Invalid value: "metrics": must be `spec.version+"."+spec.group`: "v1beta1.metrics.k8s.io"',
      'spec.versionPriority: Invalid value: 0: must be positive and less than 1000',
      'spec.service.name: Required value',
    ]);
  });

  it('refuses a caBundle on a local APIService, and unknown condition statuses', () => {
    const local = svc('v1.example.com', {
      group: 'example.com',
      version: 'v1',
      groupPriorityMinimum: 1,
      versionPriority: 1,
      caBundle: 'AAECAwQ=',
    });
    expect(messages(validateAPIService(local))).toEqual([
      'spec.caBundle: Invalid value: "5 bytes": local APIServices may not have a caBundle',
    ]);
    const status = { conditions: [{ type: 'Available', status: 'Maybe' }] };
    expect(messages(validateAPIServiceStatus(svc('v1.example.com', {}, status)))).toEqual([
      'status.conditions[0].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"',
    ]);
  });
});

describe('APIService printer', () => {
  const now = new Date('2024-05-01T12:00:00Z');

  it('prints Local or namespace/name, and True or False (Reason)', () => {
    expect(apiServicePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Service', 'Available', 'Age']);
    const local = svc(
      'v1.apps',
      { group: 'apps', version: 'v1' },
      {
        conditions: [{ type: 'Available', status: 'True', reason: 'Local' }],
      },
    );
    expect(apiServicePrinter.cells(local, now)).toEqual(['v1.apps', 'Local', 'True', '60m']);
    const remote = svc('v1beta1.metrics.k8s.io', metrics(), {
      conditions: [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck' }],
    });
    expect(apiServicePrinter.cells(remote, now)).toEqual([
      'v1beta1.metrics.k8s.io',
      'kube-system/metrics-server',
      'False (FailedDiscoveryCheck)',
      '60m',
    ]);
    expect(apiServicePrinter.cells(svc('v1.x', {}), now)[2]).toBe('Unknown');
  });
});
