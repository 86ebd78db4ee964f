/**
 * Who a request is. Wheelhouse has no authenticator yet, so every request is kube-apiserver's
 * anonymous user (what it makes of a request without credentials, `--anonymous-auth` on):
 * `kubectl auth whoami`, admission policies' `request.userInfo` and the access reviews all
 * see this user. Authentication, when it lands, replaces this one answer.
 */

/** kube's anonymous user and its group. */
export const ANONYMOUS_USER: { readonly username: string; readonly groups: readonly string[] } = Object.freeze({
  username: 'system:anonymous',
  groups: Object.freeze(['system:unauthenticated']),
});

/** The user a request is, as an authentication.k8s.io/v1 UserInfo (a fresh object the caller may change). */
export function requestUser(): { username: string; groups: string[] } {
  return { username: ANONYMOUS_USER.username, groups: [...ANONYMOUS_USER.groups] };
}
