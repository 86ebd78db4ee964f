/**
 * Decodes `application/vnd.kubernetes.protobuf` request bodies into the JSON object the
 * same request would have carried as JSON, for every kind the registry serves (plus the
 * Binding, Eviction, Scale and DeleteOptions bodies of subresources and deletes).
 */
import {
  APIMACHINERY_DESCRIPTORS,
  GoJsonWriter,
  compileSchema,
  decodeEnvelope,
  decodeMessage,
  isMachineryError,
  machineryError,
  type ProtoSchema,
} from '@wheelhouse/machinery';
import { AUTH_DESCRIPTORS } from './auth.js';
import { CORE_CONTAINER_DESCRIPTORS } from './core-containers.js';
import { CORE_VOLUME_DESCRIPTORS } from './core-volumes.js';
import { CORE_DESCRIPTORS } from './core.js';
import { GROUP_DESCRIPTORS } from './groups.js';
import { NETWORKING_DESCRIPTORS } from './networking.js';
import { RBAC_DESCRIPTORS } from './rbac.js';

/** `apiVersion/kind` -> message name, for every kind a protobuf body may carry. */
const KINDS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    [
      'v1',
      ['Namespace', 'Pod', 'Node', 'Service', 'Endpoints', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'Binding'],
    ],
    ['v1', ['ReplicationController', 'ResourceQuota']],
    ['apps/v1', ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision']],
    ['batch/v1', ['Job', 'CronJob']],
    ['coordination.k8s.io/v1', ['Lease']],
    ['policy/v1', ['PodDisruptionBudget', 'Eviction']],
    ['scheduling.k8s.io/v1', ['PriorityClass']],
    ['node.k8s.io/v1', ['RuntimeClass']],
    ['discovery.k8s.io/v1', ['EndpointSlice']],
    ['autoscaling/v1', ['Scale', 'HorizontalPodAutoscaler']],
    ['networking.k8s.io/v1', ['Ingress']],
    ['rbac.authorization.k8s.io/v1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']],
    [
      'authorization.k8s.io/v1',
      ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
    ],
    ['authentication.k8s.io/v1', ['SelfSubjectReview', 'TokenReview', 'TokenRequest']],
  ].flatMap(([gv, kinds]) => (kinds as string[]).map((k) => [`${gv as string}/${k}`, k])),
);

let compiled: { schema: ProtoSchema; writer: GoJsonWriter } | undefined;

function codec(): { schema: ProtoSchema; writer: GoJsonWriter } {
  if (!compiled) {
    const schema = compileSchema(
      APIMACHINERY_DESCRIPTORS,
      CORE_DESCRIPTORS,
      CORE_CONTAINER_DESCRIPTORS,
      CORE_VOLUME_DESCRIPTORS,
      GROUP_DESCRIPTORS,
      RBAC_DESCRIPTORS,
      NETWORKING_DESCRIPTORS,
      AUTH_DESCRIPTORS,
    );
    compiled = { schema, writer: new GoJsonWriter(schema) };
  }
  return compiled;
}

/** The message a protobuf body of `apiVersion`/`kind` holds, if it is one we decode. */
export function protobufMessageFor(apiVersion: string, kind: string): string | undefined {
  // meta/v1 DeleteOptions is registered in every group version.
  return kind === 'DeleteOptions' ? 'DeleteOptions' : KINDS[`${apiVersion}/${kind}`];
}

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
}

/**
 * Decodes a Kubernetes protobuf body (magic `k8s\x00` + runtime.Unknown) into a JSON
 * object with `kind` and `apiVersion` first. Throws a MachineryError (status 400) with
 * kube-apiserver's wording for a body without the magic, without a kind, of a kind not
 * served, or whose message does not decode. The result is a fresh object the caller owns.
 */
export function decodeProtobufObject(body: Uint8Array): Record<string, unknown> {
  const env = decodeEnvelope(body);
  const message = protobufMessageFor(env.apiVersion, env.kind);
  if (!message) throw machineryError('ProtobufNotRegistered', env.kind, env.apiVersion);
  const { schema, writer } = codec();
  try {
    const fields = writer.message(message, decodeMessage(schema.type(message), env.raw)) as Record<string, unknown>;
    return { kind: env.kind, apiVersion: env.apiVersion, ...fields };
  } catch (err) {
    if (!isMachineryError(err, 'ProtobufMalformed')) throw err;
    const detail = `${env.kind} in version ${JSON.stringify(versionOf(env.apiVersion))} cannot be handled as a ${env.kind}: ${err.message}`;
    throw machineryError('ProtobufMalformed', detail);
  }
}
