/** networking.k8s.io/v1: Ingress, IngressClass and NetworkPolicy. */
import { z } from 'zod';
import { TypedLocalObjectReferenceSchema } from './core-v1-reference.js';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta-v1.js';
import { IntOrStringSchema, named, namedKind, optInt32, optList, optString, optStringList } from './primitives.js';

const NET = 'io.k8s.api.networking.v1.';
const GV = { group: 'networking.k8s.io', version: 'v1' } as const;

const ServiceBackendPortSchema = named(
  `${NET}ServiceBackendPort`,
  z.strictObject({ name: optString(), number: optInt32() }),
  'ServiceBackendPort is the service port being referenced.',
);

/** A backend of an Ingress: a Service port or another resource. */
export const IngressBackendSchema = named(
  `${NET}IngressBackend`,
  z.strictObject({
    service: named(
      `${NET}IngressServiceBackend`,
      z.strictObject({ name: optString(), port: ServiceBackendPortSchema.optional() }),
      'IngressServiceBackend references a Kubernetes Service as a Backend.',
    ).optional(),
    resource: TypedLocalObjectReferenceSchema.optional(),
  }),
  'IngressBackend describes all endpoints for a given service and port.',
);
/** A backend of an Ingress. */
export type IngressBackend = z.infer<typeof IngressBackendSchema>;

/** One path of an HTTP rule. */
export const HTTPIngressPathSchema = named(
  `${NET}HTTPIngressPath`,
  z.strictObject({ path: optString(), pathType: optString(), backend: IngressBackendSchema.optional() }),
  'HTTPIngressPath associates a path with a backend. Incoming urls matching the path are forwarded to the backend.',
);
/** One path of an HTTP rule. */
export type HTTPIngressPath = z.infer<typeof HTTPIngressPathSchema>;

/** A host rule of an Ingress. */
export const IngressRuleSchema = named(
  `${NET}IngressRule`,
  z.strictObject({
    host: optString(),
    http: named(
      `${NET}HTTPIngressRuleValue`,
      z.strictObject({ paths: z.array(HTTPIngressPathSchema).nullish() }),
      'HTTPIngressRuleValue is a list of http selectors pointing to backends.',
    ).optional(),
  }),
  'IngressRule represents the rules mapping the paths under a specified host to the related backend services.',
);
/** A host rule of an Ingress. */
export type IngressRule = z.infer<typeof IngressRuleSchema>;

const IngressTLSSchema = named(
  `${NET}IngressTLS`,
  z.strictObject({ hosts: optStringList(), secretName: optString() }),
  'IngressTLS describes the transport layer security associated with an ingress.',
);

const IngressLoadBalancerIngressSchema = named(
  `${NET}IngressLoadBalancerIngress`,
  z.strictObject({
    ip: optString(),
    hostname: optString(),
    ports: optList(
      named(
        `${NET}IngressPortStatus`,
        z.strictObject({ port: optInt32(), protocol: optString(), error: optString() }),
        'IngressPortStatus represents the error condition of a service port',
      ),
    ),
  }),
  'IngressLoadBalancerIngress represents the status of a load-balancer ingress point.',
);

/** An Ingress: rules routing HTTP traffic to Services. */
export const IngressSchema = namedKind(
  `${NET}Ingress`,
  { ...GV, kind: 'Ingress' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${NET}IngressSpec`,
      z.strictObject({
        ingressClassName: optString(),
        defaultBackend: IngressBackendSchema.optional(),
        tls: optList(IngressTLSSchema),
        rules: z.array(IngressRuleSchema).nullish(),
      }),
      'IngressSpec describes the Ingress the user wishes to exist.',
    ).optional(),
    status: named(
      `${NET}IngressStatus`,
      z.strictObject({
        loadBalancer: named(
          `${NET}IngressLoadBalancerStatus`,
          z.strictObject({ ingress: optList(IngressLoadBalancerIngressSchema) }),
          'IngressLoadBalancerStatus represents the status of a load-balancer.',
        ).optional(),
      }),
      'IngressStatus describe the current state of the Ingress.',
    ).optional(),
  }),
  'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.',
);
/** An Ingress. */
export type Ingress = z.infer<typeof IngressSchema>;

/** Where an IngressClass's controller finds its parameters. */
export const IngressClassParametersReferenceSchema = named(
  `${NET}IngressClassParametersReference`,
  z.strictObject({
    apiGroup: optString(),
    kind: optString(),
    name: optString(),
    scope: optString(),
    namespace: optString(),
  }),
  'IngressClassParametersReference identifies an API object. This can be used to specify a cluster or namespace-scoped resource.',
);

/** An IngressClass (cluster-scoped); the `ingressclass.kubernetes.io/is-default-class` annotation marks the default. */
export const IngressClassSchema = namedKind(
  `${NET}IngressClass`,
  { ...GV, kind: 'IngressClass' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${NET}IngressClassSpec`,
      z.strictObject({ controller: optString(), parameters: IngressClassParametersReferenceSchema.optional() }),
      'IngressClassSpec provides information about the class of an Ingress.',
    ).optional(),
  }),
  'IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The `ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an IngressClass should be considered default. When a single IngressClass resource has this annotation set to true, new Ingress resources without a class specified will be assigned this default class.',
);
/** An IngressClass. */
export type IngressClass = z.infer<typeof IngressClassSchema>;

/** A port a NetworkPolicy rule allows (a range with endPort). */
export const NetworkPolicyPortSchema = named(
  `${NET}NetworkPolicyPort`,
  z.strictObject({ protocol: optString(), port: IntOrStringSchema.optional(), endPort: optInt32() }),
  'NetworkPolicyPort describes a port to allow traffic on',
);
/** A port a NetworkPolicy rule allows. */
export type NetworkPolicyPort = z.infer<typeof NetworkPolicyPortSchema>;

/** A peer of a NetworkPolicy rule: pods, namespaces, or an IP block. */
export const NetworkPolicyPeerSchema = named(
  `${NET}NetworkPolicyPeer`,
  z.strictObject({
    podSelector: LabelSelectorSchema.optional(),
    namespaceSelector: LabelSelectorSchema.optional(),
    ipBlock: named(
      `${NET}IPBlock`,
      z.strictObject({ cidr: optString(), except: optStringList() }),
      'IPBlock describes a particular CIDR (Ex. "192.168.1.0/24","2001:db8::/64") that is allowed to the pods matched by a NetworkPolicySpec\'s podSelector. The except entry describes CIDRs that should not be included within this rule.',
    ).optional(),
  }),
  'NetworkPolicyPeer describes a peer to allow traffic to/from. Only certain combinations of fields are allowed',
);
/** A peer of a NetworkPolicy rule. */
export type NetworkPolicyPeer = z.infer<typeof NetworkPolicyPeerSchema>;

/** A NetworkPolicy: which traffic the selected pods accept and send. */
export const NetworkPolicySchema = namedKind(
  `${NET}NetworkPolicy`,
  { ...GV, kind: 'NetworkPolicy' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${NET}NetworkPolicySpec`,
      z.strictObject({
        podSelector: LabelSelectorSchema.optional(),
        ingress: optList(
          named(
            `${NET}NetworkPolicyIngressRule`,
            z.strictObject({ ports: optList(NetworkPolicyPortSchema), from: optList(NetworkPolicyPeerSchema) }),
            "NetworkPolicyIngressRule describes a particular set of traffic that is allowed to the pods matched by a NetworkPolicySpec's podSelector. The traffic must match both ports and from.",
          ),
        ),
        egress: optList(
          named(
            `${NET}NetworkPolicyEgressRule`,
            z.strictObject({ ports: optList(NetworkPolicyPortSchema), to: optList(NetworkPolicyPeerSchema) }),
            "NetworkPolicyEgressRule describes a particular set of traffic that is allowed out of pods matched by a NetworkPolicySpec's podSelector. The traffic must match both ports and to.",
          ),
        ),
        policyTypes: optStringList(),
      }),
      'NetworkPolicySpec provides the specification of a NetworkPolicy',
    ).optional(),
  }),
  'NetworkPolicy describes what network traffic is allowed for a set of Pods',
);
/** A NetworkPolicy. */
export type NetworkPolicy = z.infer<typeof NetworkPolicySchema>;
