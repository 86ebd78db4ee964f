/** core/v1 Service and Endpoints. */
import { z } from 'zod';
import { ConditionSchema, ObjectMetaSchema } from './meta-v1.js';
import { ObjectReferenceSchema } from './core-v1-reference.js';
import {
  IntOrStringSchema,
  named,
  namedKind,
  optBool,
  optInt32,
  optList,
  optString,
  optStringList,
  optStringMap,
} from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';

/** A port a service exposes and the target port on its pods. */
export const ServicePortSchema = named(
  `${CORE}ServicePort`,
  z.strictObject({
    name: optString(),
    protocol: optString(),
    appProtocol: optString(),
    port: optInt32(),
    targetPort: IntOrStringSchema.optional(),
    nodePort: optInt32(),
  }),
  "ServicePort contains information on service's port.",
);
/** A service port. */
export type ServicePort = z.infer<typeof ServicePortSchema>;

/** The desired state of a service. */
export const ServiceSpecSchema = named(
  `${CORE}ServiceSpec`,
  z.strictObject({
    ports: optList(ServicePortSchema),
    selector: optStringMap(),
    clusterIP: optString(),
    clusterIPs: optStringList(),
    type: optString(),
    externalIPs: optStringList(),
    sessionAffinity: optString(),
    loadBalancerIP: optString(),
    loadBalancerSourceRanges: optStringList(),
    externalName: optString(),
    externalTrafficPolicy: optString(),
    healthCheckNodePort: optInt32(),
    publishNotReadyAddresses: optBool(),
    sessionAffinityConfig: z
      .strictObject({ clientIP: z.strictObject({ timeoutSeconds: optInt32() }).optional() })
      .optional(),
    ipFamilies: optStringList(),
    ipFamilyPolicy: optString(),
    allocateLoadBalancerNodePorts: optBool(),
    loadBalancerClass: optString(),
    internalTrafficPolicy: optString(),
    trafficDistribution: optString(),
  }),
  'ServiceSpec describes the attributes that a user creates on a service.',
);
/** The desired state of a service. */
export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;

const LoadBalancerIngress = named(
  `${CORE}LoadBalancerIngress`,
  z.strictObject({
    ip: optString(),
    hostname: optString(),
    ipMode: optString(),
    ports: optList(z.strictObject({ port: optInt32(), protocol: optString(), error: optString() })),
  }),
);

/** The observed state of a service. */
export const ServiceStatusSchema = named(
  `${CORE}ServiceStatus`,
  z.strictObject({
    loadBalancer: named(
      `${CORE}LoadBalancerStatus`,
      z.strictObject({ ingress: optList(LoadBalancerIngress) }),
    ).optional(),
    conditions: optList(ConditionSchema),
  }),
  'ServiceStatus represents the current status of a service.',
);

/** A service: a stable virtual IP and ports in front of a set of pods. */
export const ServiceSchema = namedKind(
  `${CORE}Service`,
  { group: '', version: 'v1', kind: 'Service' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: ServiceSpecSchema.optional(),
    status: ServiceStatusSchema.optional(),
  }),
  'Service is a named abstraction of software service consisting of local port that the proxy listens on.',
);
/** A service. */
export type Service = z.infer<typeof ServiceSchema>;

const EndpointAddress = named(
  `${CORE}EndpointAddress`,
  z.strictObject({
    ip: optString(),
    hostname: optString(),
    nodeName: optString(),
    targetRef: ObjectReferenceSchema.optional(),
  }),
);

/** One group of addresses sharing the same ports. */
export const EndpointSubsetSchema = named(
  `${CORE}EndpointSubset`,
  z.strictObject({
    addresses: optList(EndpointAddress),
    notReadyAddresses: optList(EndpointAddress),
    ports: optList(
      named(
        `${CORE}EndpointPort`,
        z.strictObject({ name: optString(), port: optInt32(), protocol: optString(), appProtocol: optString() }),
      ),
    ),
  }),
  'EndpointSubset is a group of addresses with a common set of ports.',
);
/** One group of endpoint addresses. */
export type EndpointSubset = z.infer<typeof EndpointSubsetSchema>;

/** The endpoints of a service. */
export const EndpointsSchema = namedKind(
  `${CORE}Endpoints`,
  { group: '', version: 'v1', kind: 'Endpoints' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    subsets: optList(EndpointSubsetSchema),
  }),
  'Endpoints is a collection of endpoints that implement the actual service.',
);
/** The endpoints of a service. */
export type Endpoints = z.infer<typeof EndpointsSchema>;
