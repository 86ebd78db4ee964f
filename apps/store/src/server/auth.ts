/**
 * The Auth service. The store has no users, roles or authentication. Each RPC answers as
 * etcd 3.4 answers on a cluster with auth disabled and no users or roles (so lookups of a
 * user or role say it is not found, lists are empty, AuthDisable succeeds, Authenticate
 * says auth is not enabled); creating users or roles and enabling auth are refused as
 * unsupported.
 */
import { status as Status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { StoreError } from '../errors.js';
import type { ServerContext } from './context.js';
import { GrpcStatusError, unary } from './handler.js';

/** Why user, role and auth-enable requests are refused. */
export const AUTH_UNSUPPORTED = 'wheelhouse store: authentication is not supported (no users or roles can be created)';
const USER_NOT_FOUND = 'etcdserver: user name not found';
const ROLE_NOT_FOUND = 'etcdserver: role name not found';

/** Implements etcdserverpb.Auth for a store without authentication. */
export function authService(ctx: ServerContext): UntypedServiceImplementation {
  const { engine, identity, log } = ctx;
  const header = () => identity.header(engine.revision);
  const fail = (code: Status, message: string) => () => {
    throw new GrpcStatusError(code, message);
  };
  const unsupported = fail(Status.UNIMPLEMENTED, AUTH_UNSUPPORTED);
  const noUser = fail(Status.FAILED_PRECONDITION, USER_NOT_FOUND);
  const noRole = fail(Status.FAILED_PRECONDITION, ROLE_NOT_FOUND);
  return {
    AuthEnable: unary(log, 'AuthEnable', unsupported),
    AuthDisable: unary(log, 'AuthDisable', () => ({ header: header() })),
    Authenticate: unary(log, 'Authenticate', () => {
      throw new StoreError('AuthNotEnabled');
    }),
    UserAdd: unary(log, 'UserAdd', unsupported),
    UserGet: unary(log, 'UserGet', noUser),
    UserList: unary(log, 'UserList', () => ({ header: header(), users: [] })),
    UserDelete: unary(log, 'UserDelete', noUser),
    UserChangePassword: unary(log, 'UserChangePassword', noUser),
    UserGrantRole: unary(log, 'UserGrantRole', noUser),
    UserRevokeRole: unary(log, 'UserRevokeRole', noUser),
    RoleAdd: unary(log, 'RoleAdd', unsupported),
    RoleGet: unary(log, 'RoleGet', noRole),
    RoleList: unary(log, 'RoleList', () => ({ header: header(), roles: [] })),
    RoleDelete: unary(log, 'RoleDelete', noRole),
    RoleGrantPermission: unary(log, 'RoleGrantPermission', noRole),
    RoleRevokePermission: unary(log, 'RoleRevokePermission', noRole),
  };
}
