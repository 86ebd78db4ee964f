/**
 * authentication.k8s.io/v1: SelfSubjectReview (`kubectl auth whoami`) and TokenReview.
 * Create-only: the answer is the request with its status filled in; nothing is stored.
 */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { named, namedKind, optBool, optString, optStringList, TimeSchema } from './primitives.js';

const AUTHN = 'io.k8s.api.authentication.v1.';
const GROUP = 'authentication.k8s.io';

/** A user as an authenticator sees them: name, uid, groups, extra. */
export const UserInfoSchema = named(
  `${AUTHN}UserInfo`,
  z.strictObject({
    username: optString(),
    uid: optString(),
    groups: optStringList(),
    extra: z.record(z.string(), z.array(z.string())).optional(),
  }),
  'UserInfo holds the information about the user needed to implement the user.Info interface.',
);
/** A user's identity. */
export type UserInfo = z.infer<typeof UserInfoSchema>;

/** Who the caller is, as the API server authenticated them. */
export const SelfSubjectReviewSchema = namedKind(
  `${AUTHN}SelfSubjectReview`,
  { group: GROUP, version: 'v1', kind: 'SelfSubjectReview' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    status: named(
      `${AUTHN}SelfSubjectReviewStatus`,
      z.strictObject({ userInfo: UserInfoSchema.optional() }),
      'SelfSubjectReviewStatus is filled by the kube-apiserver and sent back to a user.',
    ).optional(),
  }),
  'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.',
);

/** Asks whether a token authenticates, and as whom. */
export const TokenReviewSchema = namedKind(
  `${AUTHN}TokenReview`,
  { group: GROUP, version: 'v1', kind: 'TokenReview' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${AUTHN}TokenReviewSpec`,
      z.strictObject({ token: optString(), audiences: optStringList() }),
      'TokenReviewSpec is a description of the token authentication request.',
    ).optional(),
    status: named(
      `${AUTHN}TokenReviewStatus`,
      z.strictObject({
        authenticated: optBool(),
        user: UserInfoSchema.optional(),
        audiences: optStringList(),
        error: optString(),
      }),
      'TokenReviewStatus is the result of the token authentication request.',
    ).optional(),
  }),
  'TokenReview attempts to authenticate a token to a known user.',
);

/** What a token is bound to: a Pod, Secret or Node whose deletion ends the token. */
export const BoundObjectReferenceSchema = named(
  `${AUTHN}BoundObjectReference`,
  z.strictObject({ kind: optString(), apiVersion: optString(), name: optString(), uid: optString() }),
  'BoundObjectReference is a reference to an object that a token is bound to.',
);

/** A request for a service account's token (POST serviceaccounts/{name}/token, `kubectl create token`). */
export const TokenRequestSchema = namedKind(
  `${AUTHN}TokenRequest`,
  { group: GROUP, version: 'v1', kind: 'TokenRequest' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${AUTHN}TokenRequestSpec`,
      z.strictObject({
        audiences: z.array(z.string()).nullable().optional(),
        expirationSeconds: z.int().nullable().optional(),
        boundObjectRef: BoundObjectReferenceSchema.nullable().optional(),
      }),
      'TokenRequestSpec contains client provided parameters of a token request.',
    ).optional(),
    status: named(
      `${AUTHN}TokenRequestStatus`,
      z.strictObject({ token: optString(), expirationTimestamp: TimeSchema.nullable().optional() }),
      'TokenRequestStatus is the result of a token request.',
    ).optional(),
  }),
  'TokenRequest requests a token for a given service account.',
);
/** A token request. */
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

/** A SelfSubjectReview. */
export type SelfSubjectReview = z.infer<typeof SelfSubjectReviewSchema>;
/** A TokenReview. */
export type TokenReview = z.infer<typeof TokenReviewSchema>;
