/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition. `JSONSchemaProps` is recursive (z.lazy);
 * `default`, `example` and `enum` values, like every JSON value a schema carries, are kept as
 * arbitrary JSON.
 */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import {
  BytesSchema,
  named,
  namedKind,
  optBool,
  optInt32,
  optList,
  optString,
  optStringList,
  conditionSchema,
} from './primitives.js';

const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';

/** One x-kubernetes-validations rule (a CEL expression and how its failure is reported). */
export interface ValidationRule {
  rule?: string | undefined;
  message?: string | undefined;
  messageExpression?: string | undefined;
  reason?: string | undefined;
  fieldPath?: string | undefined;
  optionalOldSelf?: boolean | undefined;
}

/** OpenAPI v3 JSON schema as a CRD carries it, with Kubernetes' `x-kubernetes-*` extensions. */
export interface JSONSchemaProps {
  id?: string | undefined;
  $schema?: string | undefined;
  $ref?: string | undefined;
  description?: string | undefined;
  type?: string | undefined;
  format?: string | undefined;
  title?: string | undefined;
  default?: unknown;
  maximum?: number | undefined;
  exclusiveMaximum?: boolean | undefined;
  minimum?: number | undefined;
  exclusiveMinimum?: boolean | undefined;
  maxLength?: number | undefined;
  minLength?: number | undefined;
  pattern?: string | undefined;
  maxItems?: number | undefined;
  minItems?: number | undefined;
  uniqueItems?: boolean | undefined;
  multipleOf?: number | undefined;
  enum?: unknown[] | undefined;
  maxProperties?: number | undefined;
  minProperties?: number | undefined;
  required?: string[] | undefined;
  /** A schema, or (JSONSchemaPropsOrArray) a list of schemas, which structural schemas forbid. */
  items?: JSONSchemaProps | JSONSchemaProps[] | undefined;
  allOf?: JSONSchemaProps[] | undefined;
  oneOf?: JSONSchemaProps[] | undefined;
  anyOf?: JSONSchemaProps[] | undefined;
  not?: JSONSchemaProps | undefined;
  properties?: Record<string, JSONSchemaProps> | undefined;
  additionalProperties?: JSONSchemaProps | boolean | undefined;
  patternProperties?: Record<string, JSONSchemaProps> | undefined;
  dependencies?: Record<string, JSONSchemaProps | string[]> | undefined;
  additionalItems?: JSONSchemaProps | boolean | undefined;
  definitions?: Record<string, JSONSchemaProps> | undefined;
  externalDocs?: { description?: string | undefined; url?: string | undefined } | undefined;
  example?: unknown;
  nullable?: boolean | undefined;
  'x-kubernetes-preserve-unknown-fields'?: boolean | undefined;
  'x-kubernetes-embedded-resource'?: boolean | undefined;
  'x-kubernetes-int-or-string'?: boolean | undefined;
  'x-kubernetes-list-map-keys'?: string[] | undefined;
  'x-kubernetes-list-type'?: string | undefined;
  'x-kubernetes-map-type'?: string | undefined;
  'x-kubernetes-validations'?: ValidationRule[] | undefined;
}

/** Any JSON value (apiextensions' `JSON`: default, example, enum members). */
const JSONValueSchema = named(
  `${APIEXT}JSON`,
  z.unknown(),
  'JSON represents any valid JSON value. These types are supported: bool, int64, float64, string, []interface{}, map[string]interface{} and nil.',
);

/** A number field of a schema (Go `*float64`). */
const optFloat = () => z.number().optional();
/** A count field of a schema (Go `*int64`). */
const optCount = () => z.int().optional();

/** One x-kubernetes-validations rule. */
export const ValidationRuleSchema = named(
  `${APIEXT}ValidationRule`,
  z.strictObject({
    rule: optString(),
    message: optString(),
    messageExpression: optString(),
    reason: optString(),
    fieldPath: optString(),
    optionalOldSelf: optBool(),
  }),
  'ValidationRule describes a validation rule written in the CEL expression language.',
);

/** External documentation of a schema. */
const ExternalDocumentationSchema = named(
  `${APIEXT}ExternalDocumentation`,
  z.strictObject({ description: optString(), url: optString() }),
  'ExternalDocumentation allows referencing an external resource for extended documentation.',
);

/** The recursive JSONSchemaProps schema (strict: an unknown keyword is a decode error, as in Go's strict decoding). */
export const JSONSchemaPropsSchema: z.ZodType<JSONSchemaProps> = named(
  `${APIEXT}JSONSchemaProps`,
  z.lazy(() =>
    z.strictObject({
      id: optString(),
      $schema: optString(),
      $ref: optString(),
      description: optString(),
      type: optString(),
      format: optString(),
      title: optString(),
      default: JSONValueSchema.optional(),
      maximum: optFloat(),
      exclusiveMaximum: optBool(),
      minimum: optFloat(),
      exclusiveMinimum: optBool(),
      maxLength: optCount(),
      minLength: optCount(),
      pattern: optString(),
      maxItems: optCount(),
      minItems: optCount(),
      uniqueItems: optBool(),
      multipleOf: optFloat(),
      enum: z.array(JSONValueSchema).optional(),
      maxProperties: optCount(),
      minProperties: optCount(),
      required: optStringList(),
      items: z.union([JSONSchemaPropsSchema, z.array(JSONSchemaPropsSchema)]).optional(),
      allOf: optList(JSONSchemaPropsSchema),
      oneOf: optList(JSONSchemaPropsSchema),
      anyOf: optList(JSONSchemaPropsSchema),
      not: JSONSchemaPropsSchema.optional(),
      properties: z.record(z.string(), JSONSchemaPropsSchema).optional(),
      additionalProperties: z.union([JSONSchemaPropsSchema, z.boolean()]).optional(),
      patternProperties: z.record(z.string(), JSONSchemaPropsSchema).optional(),
      dependencies: z.record(z.string(), z.union([JSONSchemaPropsSchema, z.array(z.string())])).optional(),
      additionalItems: z.union([JSONSchemaPropsSchema, z.boolean()]).optional(),
      definitions: z.record(z.string(), JSONSchemaPropsSchema).optional(),
      externalDocs: ExternalDocumentationSchema.optional(),
      example: JSONValueSchema.optional(),
      nullable: optBool(),
      'x-kubernetes-preserve-unknown-fields': optBool(),
      'x-kubernetes-embedded-resource': optBool(),
      'x-kubernetes-int-or-string': optBool(),
      'x-kubernetes-list-map-keys': optStringList(),
      'x-kubernetes-list-type': optString(),
      'x-kubernetes-map-type': optString(),
      'x-kubernetes-validations': optList(ValidationRuleSchema),
    }),
  ),
  'JSONSchemaProps is a JSON-Schema following Specification Draft 4 (http://json-schema.org/).',
);

const NamesSchema = named(
  `${APIEXT}CustomResourceDefinitionNames`,
  z.strictObject({
    plural: optString(),
    singular: optString(),
    shortNames: optStringList(),
    kind: optString(),
    listKind: optString(),
    categories: optStringList(),
  }),
  'CustomResourceDefinitionNames indicates the names to serve this CustomResourceDefinition',
);
/** The names a CRD serves its resource under. */
export type CustomResourceDefinitionNames = z.infer<typeof NamesSchema>;

const ServiceReferenceSchema = named(
  `${APIEXT}ServiceReference`,
  z.strictObject({ namespace: optString(), name: optString(), path: optString(), port: optInt32() }),
  'ServiceReference holds a reference to Service.legacy.k8s.io',
);

const WebhookConversionSchema = named(
  `${APIEXT}WebhookConversion`,
  z.strictObject({
    clientConfig: named(
      `${APIEXT}WebhookClientConfig`,
      z.strictObject({
        url: optString(),
        service: ServiceReferenceSchema.optional(),
        caBundle: BytesSchema.optional(),
      }),
      'WebhookClientConfig contains the information to make a TLS connection with the webhook.',
    ).optional(),
    conversionReviewVersions: optStringList(),
  }),
  'WebhookConversion describes how to call a conversion webhook',
);

const ConversionSchema = named(
  `${APIEXT}CustomResourceConversion`,
  z.strictObject({ strategy: optString(), webhook: WebhookConversionSchema.optional() }),
  'CustomResourceConversion describes how to convert different versions of a CR.',
);

const ScaleSubresourceSchema = named(
  `${APIEXT}CustomResourceSubresourceScale`,
  z.strictObject({ specReplicasPath: optString(), statusReplicasPath: optString(), labelSelectorPath: optString() }),
  'CustomResourceSubresourceScale defines how to serve the scale subresource for CustomResources.',
);
/** How a CRD serves `/scale`. */
export type CustomResourceSubresourceScale = z.infer<typeof ScaleSubresourceSchema>;

const SubresourcesSchema = named(
  `${APIEXT}CustomResourceSubresources`,
  z.strictObject({
    status: named(
      `${APIEXT}CustomResourceSubresourceStatus`,
      z.strictObject({}),
      'CustomResourceSubresourceStatus defines how to serve the status subresource for CustomResources.',
    ).optional(),
    scale: ScaleSubresourceSchema.optional(),
  }),
  'CustomResourceSubresources defines the status and scale subresources for CustomResources.',
);

const ColumnSchema = named(
  `${APIEXT}CustomResourceColumnDefinition`,
  z.strictObject({
    name: optString(),
    type: optString(),
    format: optString(),
    description: optString(),
    priority: optInt32(),
    jsonPath: optString(),
  }),
  'CustomResourceColumnDefinition specifies a column for server side printing.',
);
/** One additionalPrinterColumns entry. */
export type CustomResourceColumnDefinition = z.infer<typeof ColumnSchema>;

const VersionSchema = named(
  `${APIEXT}CustomResourceDefinitionVersion`,
  z.strictObject({
    name: optString(),
    served: optBool(),
    storage: optBool(),
    deprecated: optBool(),
    deprecationWarning: optString(),
    schema: named(
      `${APIEXT}CustomResourceValidation`,
      z.strictObject({ openAPIV3Schema: JSONSchemaPropsSchema.optional() }),
      'CustomResourceValidation is a list of validation methods for CustomResources.',
    ).optional(),
    subresources: SubresourcesSchema.optional(),
    additionalPrinterColumns: optList(ColumnSchema),
    selectableFields: optList(
      named(
        `${APIEXT}SelectableField`,
        z.strictObject({ jsonPath: optString() }),
        'SelectableField specifies the JSON path of a field that may be used with field selectors.',
      ),
    ),
  }),
  'CustomResourceDefinitionVersion describes a version for CRD.',
);
/** One served version of a CRD. */
export type CustomResourceDefinitionVersion = z.infer<typeof VersionSchema>;

const ConditionSchema = conditionSchema(
  `${APIEXT}CustomResourceDefinitionCondition`,
  false,
  'CustomResourceDefinitionCondition contains details for the current condition of this pod.',
);
/** One CRD condition (NamesAccepted, Established, NonStructuralSchema, Terminating, ...). */
export type CustomResourceDefinitionCondition = z.infer<typeof ConditionSchema>;

/** A CustomResourceDefinition: a new resource served from a group/version by the API server. */
export const CustomResourceDefinitionSchema = namedKind(
  `${APIEXT}CustomResourceDefinition`,
  { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${APIEXT}CustomResourceDefinitionSpec`,
      z.strictObject({
        group: optString(),
        names: NamesSchema.optional(),
        scope: optString(),
        versions: optList(VersionSchema),
        conversion: ConversionSchema.optional(),
        preserveUnknownFields: optBool(),
      }),
      'CustomResourceDefinitionSpec describes how a user wants their resource to appear',
    ).optional(),
    status: named(
      `${APIEXT}CustomResourceDefinitionStatus`,
      z.strictObject({
        conditions: optList(ConditionSchema),
        acceptedNames: NamesSchema.optional(),
        storedVersions: optStringList(),
      }),
      'CustomResourceDefinitionStatus indicates the state of the CustomResourceDefinition',
    ).optional(),
  }),
  'CustomResourceDefinition represents a resource that should be exposed on the API server.  Its name MUST be in the format <.spec.name>.<.spec.group>.',
);
/** A CustomResourceDefinition. */
export type CustomResourceDefinition = z.infer<typeof CustomResourceDefinitionSchema>;
/** A CRD's spec. */
export type CustomResourceDefinitionSpec = NonNullable<CustomResourceDefinition['spec']>;
