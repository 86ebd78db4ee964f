/** Printers of RoleBindings and ClusterRoleBindings (Roles and ClusterRoles print as the default table). */
import type { ClusterRoleBinding, RoleBinding, Subject } from '../schema/rbac-v1.js';
import { age, ageColumn, column, nameColumn, type TablePrinter } from './table.js';

const ROLE_BINDING_ROLE =
  'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.';
const CLUSTER_ROLE_BINDING_ROLE =
  'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.';

/** A binding's subjects as the USERS, GROUPS and SERVICEACCOUNTS cells (rbac.SubjectsStrings): `namespace/name` for service accounts. */
export function subjectsStrings(subjects: readonly Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of subjects ?? []) {
    const name = s.name ?? '';
    if (s.kind === 'User') users.push(name);
    else if (s.kind === 'Group') groups.push(name);
    else if (s.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}/${name}`);
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

function bindingPrinter<T extends RoleBinding | ClusterRoleBinding>(noun: string, roleDoc: string): TablePrinter<T> {
  return {
    columns: [
      nameColumn(),
      column('Role', 'string', roleDoc),
      ageColumn(),
      column('Users', 'string', `Users in the ${noun}`, 1),
      column('Groups', 'string', `Groups in the ${noun}`, 1),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${noun}`, 1),
    ],
    cells: (b, now) => [
      b.metadata?.name ?? '',
      `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
      age(b.metadata, now),
      ...subjectsStrings(b.subjects),
    ],
  };
}

/** The rolebindings printer: NAME ROLE AGE, and USERS GROUPS SERVICEACCOUNTS with -o wide. */
export const roleBindingPrinter: TablePrinter<RoleBinding> = bindingPrinter('roleBinding', ROLE_BINDING_ROLE);

/** The clusterrolebindings printer: NAME ROLE AGE, and USERS GROUPS SERVICEACCOUNTS with -o wide. */
export const clusterRoleBindingPrinter: TablePrinter<ClusterRoleBinding> = bindingPrinter(
  'clusterRoleBinding',
  CLUSTER_ROLE_BINDING_ROLE,
);
