/** apiregistration.k8s.io/v1 APIService: a group/version served locally or (in Kubernetes) by an aggregated server. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { BytesSchema, named, namedKind, optBool, optInt32, optList, optString, conditionSchema } from './primitives.js';

const REG = 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.';

/** A condition of an APIService (`Available`). */
export const APIServiceConditionSchema = conditionSchema(
  `${REG}APIServiceCondition`,
  false,
  'APIServiceCondition describes the state of an APIService at a particular point',
);
/** A condition of an APIService. */
export type APIServiceCondition = z.infer<typeof APIServiceConditionSchema>;

/** An APIService: spec.service null means the group/version is served by this API server. */
export const APIServiceSchema = namedKind(
  `${REG}APIService`,
  { group: 'apiregistration.k8s.io', version: 'v1', kind: 'APIService' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${REG}APIServiceSpec`,
      z.strictObject({
        service: named(
          `${REG}ServiceReference`,
          z.strictObject({ namespace: optString(), name: optString(), port: optInt32() }),
          'ServiceReference holds a reference to Service.legacy.k8s.io',
        ).nullish(),
        group: optString(),
        version: optString(),
        insecureSkipTLSVerify: optBool(),
        caBundle: BytesSchema.optional(),
        groupPriorityMinimum: optInt32(),
        versionPriority: optInt32(),
      }),
      'APIServiceSpec contains information for locating and communicating with a server. Only https is supported, though you are able to disable certificate verification.',
    ).optional(),
    status: named(
      `${REG}APIServiceStatus`,
      z.strictObject({ conditions: optList(APIServiceConditionSchema) }),
      'APIServiceStatus contains derived information about an API server',
    ).optional(),
  }),
  'APIService represents a server for a particular GroupVersion. Name must be "version.group".',
);
/** An APIService. */
export type APIService = z.infer<typeof APIServiceSchema>;
