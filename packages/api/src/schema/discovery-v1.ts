/** discovery.k8s.io/v1 EndpointSlice: a subset of the endpoints behind a Service. */
import { z } from 'zod';
import { ObjectReferenceSchema } from './core-v1-reference.js';
import { ObjectMetaSchema } from './meta-v1.js';
import { named, namedKind, optBool, optInt32, optList, optString, optStringMap } from './primitives.js';

const DISCOVERY = 'io.k8s.api.discovery.v1.';

const EndpointConditionsSchema = named(
  `${DISCOVERY}EndpointConditions`,
  z.strictObject({ ready: optBool(), serving: optBool(), terminating: optBool() }),
  'EndpointConditions represents the current condition of an endpoint.',
);

const EndpointHintsSchema = named(
  `${DISCOVERY}EndpointHints`,
  z.strictObject({
    forZones: optList(named(`${DISCOVERY}ForZone`, z.strictObject({ name: z.string() }))),
  }),
  'EndpointHints provides hints describing how an endpoint should be consumed.',
);

/** One backend of a slice: its addresses, conditions and where it runs. */
export const EndpointSchema = named(
  `${DISCOVERY}Endpoint`,
  z.strictObject({
    addresses: z.array(z.string()),
    conditions: EndpointConditionsSchema.optional(),
    hostname: optString(),
    targetRef: ObjectReferenceSchema.optional(),
    deprecatedTopology: optStringMap(),
    nodeName: optString(),
    zone: optString(),
    hints: EndpointHintsSchema.optional(),
  }),
  'Endpoint represents a single logical "backend" implementing a service.',
);
/** One endpoint of an EndpointSlice. */
export type Endpoint = z.infer<typeof EndpointSchema>;

/** A port of an EndpointSlice (a nil port means "all ports"). */
export const EndpointSlicePortSchema = named(
  `${DISCOVERY}EndpointPort`,
  z.strictObject({ name: optString(), protocol: optString(), port: optInt32(), appProtocol: optString() }),
  'EndpointPort represents a Port used by an EndpointSlice',
);
/** A port of an EndpointSlice. */
export type EndpointSlicePort = z.infer<typeof EndpointSlicePortSchema>;

/** An EndpointSlice. `addressType` and `endpoints` are required (validation reports them missing). */
export const EndpointSliceSchema = namedKind(
  `${DISCOVERY}EndpointSlice`,
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    addressType: optString(),
    endpoints: z.array(EndpointSchema).nullish(),
    ports: z.array(EndpointSlicePortSchema).nullish(),
  }),
  'EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.',
);
/** An EndpointSlice. */
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;
