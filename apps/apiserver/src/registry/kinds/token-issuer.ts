/**
 * Service account tokens: JWTs signed RS256 with a key the API server makes on first use
 * (kube-apiserver reads `--service-account-signing-key-file`; Wheelhouse has no key files
 * yet, so a token verifies only on the API server process that issued it). The claims are
 * kube's (pkg/serviceaccount/claims.go): `iss`, `sub` `system:serviceaccount:NS:NAME`,
 * `aud`, `exp`, `iat`, `nbf`, `jti`, and `kubernetes.io` with the namespace, the service
 * account and the object the token is bound to.
 */
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** kube-apiserver's issuer and default audience on kind and kubeadm clusters. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** A reference in the `kubernetes.io` claim. */
export interface ClaimRef {
  name: string;
  uid: string;
}

/** What a token says: who, for whom, until when, bound to what. */
export interface TokenClaims {
  namespace: string;
  serviceAccount: ClaimRef;
  audiences: string[];
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
  id: string;
  pod?: ClaimRef | undefined;
  secret?: ClaimRef | undefined;
  node?: ClaimRef | undefined;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** Signs and checks the tokens of one API server (see the module comment). */
export class TokenIssuer {
  private key: { privateKey: KeyObject; publicKey: KeyObject; kid: string } | undefined;

  private keys(): { privateKey: KeyObject; publicKey: KeyObject; kid: string } {
    if (!this.key) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      // kube's key id: the SHA-256 of the public key's DER, base64url.
      const kid = b64url(
        createHash('sha256')
          .update(publicKey.export({ type: 'spki', format: 'der' }))
          .digest(),
      );
      this.key = { privateKey, publicKey: createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), kid };
    }
    return this.key;
  }

  /** A new token's claims for a service account, valid from `nowSeconds` for `expirationSeconds`. */
  claims(
    namespace: string,
    serviceAccount: ClaimRef,
    audiences: string[],
    nowSeconds: number,
    expirationSeconds: number,
    bound: Pick<TokenClaims, 'pod' | 'secret' | 'node'> = {},
  ): TokenClaims {
    return {
      namespace,
      serviceAccount,
      audiences,
      issuedAt: nowSeconds,
      expiresAt: nowSeconds + expirationSeconds,
      id: randomUUID(),
      ...bound,
    };
  }

  /** The signed JWT of `claims` (keys in the order go-jose writes them: sorted). */
  issue(c: TokenClaims): string {
    const { privateKey, kid } = this.keys();
    const kubernetes: Record<string, unknown> = {
      namespace: c.namespace,
      ...(c.node ? { node: c.node } : {}),
      ...(c.pod ? { pod: c.pod } : {}),
      ...(c.secret ? { secret: c.secret } : {}),
      serviceaccount: c.serviceAccount,
    };
    const payload = {
      aud: c.audiences,
      exp: c.expiresAt,
      iat: c.issuedAt,
      iss: SERVICE_ACCOUNT_ISSUER,
      jti: c.id,
      'kubernetes.io': kubernetes,
      nbf: c.issuedAt,
      sub: `system:serviceaccount:${c.namespace}:${c.serviceAccount.name}`,
    };
    const head = `${b64url(JSON.stringify({ alg: 'RS256', kid }))}.${b64url(JSON.stringify(payload))}`;
    return `${head}.${b64url(sign('sha256', Buffer.from(head), privateKey))}`;
  }

  /**
   * The claims of a token this issuer signed, if its signature, issuer and lifetime hold at
   * `nowSeconds`; undefined for anything else (another issuer's token, a malformed one).
   */
  read(token: string, nowSeconds: number): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || !this.key) return undefined;
    const [head, body, sig] = parts as [string, string, string];
    let p: Record<string, unknown>;
    try {
      const signed = Buffer.from(`${head}.${body}`);
      if (!verify('sha256', signed, this.key.publicKey, Buffer.from(sig, 'base64url'))) return undefined;
      p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    const k = (p['kubernetes.io'] ?? {}) as Record<string, unknown>;
    const exp = Number(p.exp);
    const nbf = Number(p.nbf);
    if (p.iss !== SERVICE_ACCOUNT_ISSUER || !(nowSeconds < exp) || nowSeconds < nbf) return undefined;
    return {
      namespace: String(k.namespace ?? ''),
      serviceAccount: k.serviceaccount as ClaimRef,
      audiences: Array.isArray(p.aud) ? (p.aud as string[]) : [String(p.aud)],
      issuedAt: Number(p.iat),
      expiresAt: exp,
      id: String(p.jti ?? ''),
      pod: k.pod as ClaimRef | undefined,
      secret: k.secret as ClaimRef | undefined,
      node: k.node as ClaimRef | undefined,
    };
  }
}
