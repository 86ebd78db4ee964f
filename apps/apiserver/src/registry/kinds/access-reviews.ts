/**
 * The reviews of authentication.k8s.io/v1 and authorization.k8s.io/v1, answered as
 * kube-apiserver answers them with no authenticator configured (every caller is
 * `system:anonymous` in `system:unauthenticated`) and `--authorization-mode=AlwaysAllow`
 * (Wheelhouse enforces no authorization yet): every access review is allowed, a rules
 * review lists `*` on everything, and a SelfSubjectReview names the anonymous user. A
 * TokenReview authenticates the service account tokens this API server issued
 * (serviceaccounts/token) as kube's service account authenticator does: signature, issuer,
 * lifetime, audiences, and the service account (and bound pod) still there with its UID. Each is decoded (JSON, YAML or protobuf, as kubectl
 * sends them) and validated like any create, answered 201, and never stored.
 */
import { apiVersionOf, type ApiObject } from '@wheelhouse/api';
import { ApiError, badRequest, invalid } from '../../errors.js';
import type { ObjectRequest, Reply } from '../../handlers/object-request.js';
import { decodeBody, fieldValidationOf } from '../../http/request.js';
import { requestUser } from '../../http/request-user.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { coreDef, type ResourceDef } from '../registry.js';
import { checkBody, decodeAs } from '../strategy.js';
import { SERVICE_ACCOUNT_ISSUER, type TokenClaims, type TokenIssuer } from './token-issuer.js';

/** AlwaysAllow's answer to an access review. */
const ALLOWED = { allowed: true };

/** AlwaysAllow's rules (RulesFor): every verb on every resource and every non-resource URL. */
const ALL_RULES = {
  resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
  incomplete: false,
};

/** The review a request carries, decoded and validated as a create of `def`; the namespace is the URL's. */
function decodeReview(req: ObjectRequest): ApiObject {
  const { def, namespace } = req.target;
  const warnings: string[] = [];
  const review = decodeAs(
    def,
    checkBody(def, decodeBody(req.body, req.contentType)),
    fieldValidationOf(req.query),
    warnings,
  );
  if (def.namespaced) {
    const own = review.metadata.namespace ?? '';
    if (own !== '' && own !== namespace)
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    review.metadata = { ...review.metadata, namespace };
  }
  const errs = def.api.validate(review);
  if (errs.length) throw invalid(def.kind, { group: def.group, plural: def.plural }, '', errs);
  return review;
}

function answer(def: ResourceDef, review: ApiObject, fields: Record<string, unknown>): Reply {
  return { code: 201, body: { ...review, apiVersion: apiVersionOf(def), kind: def.kind, ...fields } };
}

function accessReview(req: ObjectRequest): Promise<Reply> {
  const review = decodeReview(req);
  return Promise.resolve(answer(req.target.def, review, { status: ALLOWED }));
}

function rulesReview(req: ObjectRequest): Promise<Reply> {
  const review = decodeReview(req);
  const namespace = (review.spec as { namespace?: string } | undefined)?.namespace ?? '';
  if (namespace === '') throw badRequest('no namespace on request');
  return Promise.resolve(answer(req.target.def, review, { status: ALL_RULES }));
}

function selfSubjectReview(req: ObjectRequest): Promise<Reply> {
  const review = decodeReview(req);
  return Promise.resolve(answer(req.target.def, review, { status: { userInfo: requestUser() } }));
}

/** The user a valid service account token stands for, or why it is not valid (kube's service account token authenticator). */
async function tokenUser(
  deps: HookDeps,
  claims: TokenClaims,
): Promise<{ user: Record<string, unknown> } | { error: string }> {
  const { namespace, serviceAccount: sa } = claims;
  let account: ApiObject;
  try {
    account = await deps.storage.get(coreDef('serviceaccounts'), namespace, sa.name);
  } catch (err) {
    if (err instanceof ApiError && err.reason === 'NotFound') return { error: err.message };
    throw err;
  }
  if (account.metadata.uid !== sa.uid)
    return { error: `service account UID (${account.metadata.uid ?? ''}) does not match claim (${sa.uid})` };
  const extra: Record<string, string[]> = { 'authentication.kubernetes.io/credential-id': [`JTI=${claims.id}`] };
  if (claims.pod) {
    try {
      const pod = await deps.storage.get(coreDef('pods'), namespace, claims.pod.name);
      if (pod.metadata.uid !== claims.pod.uid || pod.metadata.deletionTimestamp)
        return { error: `pod ${namespace}/${claims.pod.name} has been deleted` };
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'NotFound')
        return { error: `pod ${namespace}/${claims.pod.name} has been deleted` };
      throw err;
    }
    extra['authentication.kubernetes.io/pod-name'] = [claims.pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [claims.pod.uid];
  }
  return {
    user: {
      username: `system:serviceaccount:${namespace}:${sa.name}`,
      uid: sa.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
      extra,
    },
  };
}

async function tokenReview(deps: HookDeps, issuer: TokenIssuer, req: ObjectRequest): Promise<Reply> {
  const review = decodeReview(req);
  const spec = (review.spec ?? {}) as { token?: string; audiences?: string[] };
  const token = spec.token ?? '';
  if (token === '') throw badRequest('token is required for TokenReview in authentication');
  const claims = issuer.read(token, Math.floor(deps.now() / 1000));
  // Not a token of this API server: no authenticator claims it, and none says why.
  if (!claims) return answer(req.target.def, review, { status: { user: {} } });
  const wanted = spec.audiences?.length ? spec.audiences : [SERVICE_ACCOUNT_ISSUER];
  const audiences = wanted.filter((a) => claims.audiences.includes(a));
  if (audiences.length === 0) {
    const error = `token audiences ${goStrings(claims.audiences)} is invalid for the target audiences ${goStrings(wanted)}`;
    return answer(req.target.def, review, { status: { user: {}, error } });
  }
  const who = await tokenUser(deps, claims);
  const status = 'user' in who ? { authenticated: true, user: who.user, audiences } : { user: {}, error: who.error };
  return answer(req.target.def, review, { status });
}

/** Go's %q of a []string: `["a" "b"]`. */
const goStrings = (xs: readonly string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;

/** The hooks of the reviews, each with the resource it belongs to; TokenReviews check `issuer`'s tokens. */
export function accessReviewHooks(
  deps: HookDeps,
  issuer: TokenIssuer,
): Array<[{ group: string; plural: string }, KindHooks]> {
  const authz = 'authorization.k8s.io';
  return [
    [{ group: authz, plural: 'subjectaccessreviews' }, { serve: accessReview }],
    [{ group: authz, plural: 'localsubjectaccessreviews' }, { serve: accessReview }],
    [{ group: authz, plural: 'selfsubjectaccessreviews' }, { serve: accessReview }],
    [{ group: authz, plural: 'selfsubjectrulesreviews' }, { serve: rulesReview }],
    [{ group: 'authentication.k8s.io', plural: 'selfsubjectreviews' }, { serve: selfSubjectReview }],
    [{ group: 'authentication.k8s.io', plural: 'tokenreviews' }, { serve: (req) => tokenReview(deps, issuer, req) }],
  ];
}
