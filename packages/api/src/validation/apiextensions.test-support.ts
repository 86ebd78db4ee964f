/**
 * CRDs for tests, written here from the documented fields of well-known operators (not copied
 * from their manifests): a cert-manager-style Certificate and a Prometheus-operator-style
 * ServiceMonitor.
 */
import type { CustomResourceDefinition, JSONSchemaProps } from '../schema/apiextensions-v1.js';

/** The schema of a cert-manager-style Certificate (cert-manager.io/v1). */
export function certificateSchema(): JSONSchemaProps {
  return {
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        required: ['issuerRef', 'secretName'],
        properties: {
          commonName: { type: 'string', maxLength: 64 },
          dnsNames: { type: 'array', items: { type: 'string' } },
          duration: { type: 'string' },
          renewBefore: { type: 'string' },
          secretName: { type: 'string' },
          isCA: { type: 'boolean' },
          usages: {
            type: 'array',
            items: { type: 'string', enum: ['digital signature', 'key encipherment', 'server auth', 'client auth'] },
          },
          privateKey: {
            type: 'object',
            properties: {
              algorithm: { type: 'string', enum: ['RSA', 'ECDSA', 'Ed25519'] },
              size: { type: 'integer' },
              rotationPolicy: { type: 'string', enum: ['Never', 'Always'], default: 'Always' },
            },
          },
          issuerRef: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string' },
              kind: { type: 'string' },
              group: { type: 'string' },
            },
          },
          revisionHistoryLimit: { type: 'integer', format: 'int32', minimum: 1 },
        },
        'x-kubernetes-validations': [
          {
            rule: 'has(self.commonName) || (has(self.dnsNames) && size(self.dnsNames) > 0)',
            message: 'at least one of commonName or dnsNames must be set',
          },
        ],
      },
      status: {
        type: 'object',
        properties: {
          conditions: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['type'],
            items: {
              type: 'object',
              required: ['status', 'type'],
              properties: {
                type: { type: 'string' },
                status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
                lastTransitionTime: { type: 'string', format: 'date-time' },
                reason: { type: 'string' },
                message: { type: 'string' },
                observedGeneration: { type: 'integer', format: 'int64' },
              },
            },
          },
          notAfter: { type: 'string', format: 'date-time' },
          revision: { type: 'integer' },
        },
      },
    },
  };
}

/** A cert-manager-style Certificate CRD: one version v1 with status and printer columns. */
export function certificateCRD(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'certificates.cert-manager.io' },
    spec: {
      group: 'cert-manager.io',
      names: {
        kind: 'Certificate',
        listKind: 'CertificateList',
        plural: 'certificates',
        singular: 'certificate',
        shortNames: ['cert', 'certs'],
        categories: ['cert-manager'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: certificateSchema() },
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
            { name: 'Secret', type: 'string', jsonPath: '.spec.secretName' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
      ],
    },
  };
}

/** The schema of a Prometheus-operator-style ServiceMonitor (monitoring.coreos.com/v1), trimmed. */
export function serviceMonitorSchema(): JSONSchemaProps {
  return {
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        required: ['selector'],
        properties: {
          jobLabel: { type: 'string' },
          endpoints: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                port: { type: 'string' },
                targetPort: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
                path: { type: 'string' },
                scheme: { type: 'string', enum: ['http', 'https'] },
                interval: {
                  type: 'string',
                  pattern:
                    '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$',
                },
                honorLabels: { type: 'boolean', default: false },
                params: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
          namespaceSelector: {
            type: 'object',
            properties: {
              any: { type: 'boolean' },
              matchNames: { type: 'array', items: { type: 'string' } },
            },
          },
          selector: {
            type: 'object',
            'x-kubernetes-map-type': 'atomic',
            properties: {
              matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
              matchExpressions: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['key', 'operator'],
                  properties: {
                    key: { type: 'string' },
                    operator: { type: 'string' },
                    values: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
                  },
                },
              },
            },
          },
          sampleLimit: { type: 'integer', format: 'int64', minimum: 0 },
        },
      },
    },
  };
}

/** A ServiceMonitor CRD: one version v1, no status subresource. */
export function serviceMonitorCRD(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'servicemonitors.monitoring.coreos.com' },
    spec: {
      group: 'monitoring.coreos.com',
      names: {
        kind: 'ServiceMonitor',
        plural: 'servicemonitors',
        shortNames: ['smon'],
        categories: ['prometheus-operator'],
      },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: serviceMonitorSchema() } }],
    },
  };
}
