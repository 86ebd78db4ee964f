/**
 * POST serviceaccounts/{name}/token (`kubectl create token`), as kube's TokenRequest REST:
 * the request's name and namespace must match the URL's, the service account must exist,
 * audiences default to the API server's, expirationSeconds to an hour (10 minutes to 2^32
 * s), and a token bound to a Pod, Secret or Node names it (which must exist, a pod run as
 * this service account, and have the UID the reference gives). Answers the request with
 * `status.token` and `status.expirationTimestamp`.
 */
import {
  decodeObject,
  TokenRequestSchema,
  validateTokenRequest,
  type ApiObject,
  type TokenRequest,
} from '@wheelhouse/api';
import { formatTime, invalidField } from '@wheelhouse/machinery';
import { ApiError, badRequest, fromMachinery, invalid } from '../../errors.js';
import type { ObjectRequest, Reply } from '../../handlers/object-request.js';
import { decodeBody, fieldValidationOf } from '../../http/request.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { coreDef } from '../registry.js';
import { SERVICE_ACCOUNT_ISSUER, type TokenClaims, type TokenIssuer } from './token-issuer.js';

/** kube's default token lifetime (SetDefaults_TokenRequestSpec: an hour). */
const DEFAULT_EXPIRATION_SECONDS = 3600;
const TOKEN_REQUEST = { group: 'authentication.k8s.io', plural: 'tokenrequests' };

function decodeRequest(req: ObjectRequest): TokenRequest {
  const body = decodeBody(req.body, req.contentType);
  const res = decodeObject(TokenRequestSchema, body, fieldValidationOf(req.query));
  if (!res.ok) throw badRequest(`TokenRequest in version "v1" cannot be handled as a TokenRequest: ${res.message}`);
  return res.value;
}

function refuse(name: string, field: string, value: string, why: string): never {
  throw invalid('TokenRequest', TOKEN_REQUEST, name, [fromMachinery(invalidField(field, value, why))]);
}

/** The kinds a token may be bound to (kube's TokenRequest: core Pod, Secret and Node, any version). */
const BINDABLE: Readonly<Record<string, { plural: string; namespaced: boolean; claim: 'pod' | 'secret' | 'node' }>> = {
  Pod: { plural: 'pods', namespaced: true, claim: 'pod' },
  Secret: { plural: 'secrets', namespaced: true, claim: 'secret' },
  Node: { plural: 'nodes', namespaced: false, claim: 'node' },
};

/** The Pod, Secret or Node a token is bound to, checked as kube's TokenRequest checks it. */
async function boundObject(
  deps: HookDeps,
  namespace: string,
  account: string,
  ref: NonNullable<NonNullable<TokenRequest['spec']>['boundObjectRef']>,
): Promise<Pick<TokenClaims, 'pod' | 'secret' | 'node'>> {
  const apiVersion = ref.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const kind = ref.kind ?? '';
  const target = group === '' && Object.hasOwn(BINDABLE, kind) ? BINDABLE[kind] : undefined;
  // kube's schema.GroupVersionKind.String(): "group/version, Kind=kind" ("/v1, Kind=ConfigMap" for core).
  if (!target) throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${kind}`);
  const obj: ApiObject = await deps.storage.get(
    coreDef(target.plural),
    target.namespaced ? namespace : undefined,
    ref.name ?? '',
  );
  if (kind === 'Pod' && (obj.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName !== account)
    throw badRequest(
      `cannot bind token for serviceaccount "${account}" to pod running with different serviceaccount name.`,
    );
  const uid = obj.metadata.uid ?? '';
  if (ref.uid && ref.uid !== uid)
    throw new ApiError(
      'Conflict',
      `Operation cannot be fulfilled on ${kind} "${ref.name ?? ''}": the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  return { [target.claim]: { name: ref.name ?? '', uid } };
}

async function requestToken(deps: HookDeps, issuer: TokenIssuer, req: ObjectRequest): Promise<Reply> {
  const namespace = req.target.namespace ?? '';
  const name = req.target.name ?? '';
  const tr = decodeRequest(req);
  const meta = tr.metadata ?? {};
  if (meta.name && meta.name !== name)
    refuse(name, 'metadata.name', meta.name, 'must match the service account name if specified');
  if (meta.namespace && meta.namespace !== namespace)
    refuse(name, 'metadata.namespace', meta.namespace, 'must match the service account namespace if specified');
  const account = await deps.storage.get(coreDef('serviceaccounts'), namespace, name);
  const now = deps.now();
  const spec = {
    ...tr.spec,
    audiences: tr.spec?.audiences?.length ? tr.spec.audiences : [SERVICE_ACCOUNT_ISSUER],
    expirationSeconds: tr.spec?.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS,
  };
  const out: TokenRequest = {
    ...tr,
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { ...meta, name, namespace, creationTimestamp: formatTime(now) },
    spec,
  };
  const errs = validateTokenRequest(out);
  if (errs.length) throw invalid('TokenRequest', TOKEN_REQUEST, '', errs);
  const bound = spec.boundObjectRef ? await boundObject(deps, namespace, name, spec.boundObjectRef) : {};
  const seconds = Math.floor(now / 1000);
  const claims = issuer.claims(
    namespace,
    { name, uid: account.metadata.uid ?? '' },
    spec.audiences,
    seconds,
    spec.expirationSeconds,
    bound,
  );
  const status = { token: issuer.issue(claims), expirationTimestamp: formatTime(now + spec.expirationSeconds * 1000) };
  return { code: 201, body: { ...out, status } };
}

/** The hooks of core/v1 serviceaccounts: the token subresource. */
export function serviceAccountHooks(deps: HookDeps, issuer: TokenIssuer): KindHooks {
  return { postSubresource: { token: (req) => requestToken(deps, issuer, req) } };
}
