/**
 * Registry entries of authentication.k8s.io/v1 and authorization.k8s.io/v1: the reviews,
 * create-only and never stored (kube-apiserver's names, scopes and verbs; no short names,
 * no categories).
 */
import { deepClone } from '@wheelhouse/machinery';
import { defaultTablePrinter } from '../printing/table.js';
import { SelfSubjectReviewSchema, TokenReviewSchema } from '../schema/authentication-v1.js';
import {
  LocalSubjectAccessReviewSchema,
  SelfSubjectAccessReviewSchema,
  SelfSubjectRulesReviewSchema,
  SubjectAccessReviewSchema,
} from '../schema/authorization-v1.js';
import { PLAIN_STRATEGY } from '../strategy/kinds.js';
import * as v from '../validation/authorization.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

const REVIEW = {
  version: 'v1',
  shortNames: [],
  categories: [],
  verbs: ['create'],
  subresources: [],
  strategy: PLAIN_STRATEGY,
  printer: defaultTablePrinter,
  defaults: <T>(o: T): T => deepClone(o),
} as const;
const clusterMeta = (o: { metadata?: { name?: string | undefined } | undefined }) => objectMetaFields(o, false);
const namespacedMeta = (o: { metadata?: { name?: string | undefined; namespace?: string | undefined } | undefined }) =>
  objectMetaFields(o, true);

/** authentication.k8s.io/v1 resources, in discovery order. */
export const AUTHENTICATION_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    ...REVIEW,
    group: 'authentication.k8s.io',
    kind: 'SelfSubjectReview',
    listKind: 'SelfSubjectReviewList',
    resource: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
    scope: 'Cluster',
    schema: SelfSubjectReviewSchema,
    definitionName: 'io.k8s.api.authentication.v1.SelfSubjectReview',
    selectableFields: clusterMeta,
    validate: v.validateNothing,
    validateUpdate: v.validateNothing,
  }),
  defineResource({
    ...REVIEW,
    group: 'authentication.k8s.io',
    kind: 'TokenReview',
    listKind: 'TokenReviewList',
    resource: 'tokenreviews',
    singular: 'tokenreview',
    scope: 'Cluster',
    schema: TokenReviewSchema,
    definitionName: 'io.k8s.api.authentication.v1.TokenReview',
    selectableFields: clusterMeta,
    validate: v.validateNothing,
    validateUpdate: v.validateNothing,
  }),
];

/** authorization.k8s.io/v1 resources, in discovery order. */
export const AUTHORIZATION_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    ...REVIEW,
    group: 'authorization.k8s.io',
    kind: 'LocalSubjectAccessReview',
    listKind: 'LocalSubjectAccessReviewList',
    resource: 'localsubjectaccessreviews',
    singular: 'localsubjectaccessreview',
    scope: 'Namespaced',
    schema: LocalSubjectAccessReviewSchema,
    definitionName: 'io.k8s.api.authorization.v1.LocalSubjectAccessReview',
    selectableFields: namespacedMeta,
    validate: v.validateLocalSubjectAccessReview,
    validateUpdate: v.validateLocalSubjectAccessReview,
  }),
  defineResource({
    ...REVIEW,
    group: 'authorization.k8s.io',
    kind: 'SelfSubjectAccessReview',
    listKind: 'SelfSubjectAccessReviewList',
    resource: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    scope: 'Cluster',
    schema: SelfSubjectAccessReviewSchema,
    definitionName: 'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
    selectableFields: clusterMeta,
    validate: v.validateSelfSubjectAccessReview,
    validateUpdate: v.validateSelfSubjectAccessReview,
  }),
  defineResource({
    ...REVIEW,
    group: 'authorization.k8s.io',
    kind: 'SelfSubjectRulesReview',
    listKind: 'SelfSubjectRulesReviewList',
    resource: 'selfsubjectrulesreviews',
    singular: 'selfsubjectrulesreview',
    scope: 'Cluster',
    schema: SelfSubjectRulesReviewSchema,
    definitionName: 'io.k8s.api.authorization.v1.SelfSubjectRulesReview',
    selectableFields: clusterMeta,
    validate: v.validateNothing,
    validateUpdate: v.validateNothing,
  }),
  defineResource({
    ...REVIEW,
    group: 'authorization.k8s.io',
    kind: 'SubjectAccessReview',
    listKind: 'SubjectAccessReviewList',
    resource: 'subjectaccessreviews',
    singular: 'subjectaccessreview',
    scope: 'Cluster',
    schema: SubjectAccessReviewSchema,
    definitionName: 'io.k8s.api.authorization.v1.SubjectAccessReview',
    selectableFields: clusterMeta,
    validate: v.validateSubjectAccessReview,
    validateUpdate: v.validateSubjectAccessReview,
  }),
];
