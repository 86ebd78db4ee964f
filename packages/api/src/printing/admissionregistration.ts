/** Printers of admissionregistration.k8s.io: webhook configurations, admission policies and their bindings. */
import type {
  MutatingWebhookConfiguration,
  ParamRef,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingWebhookConfiguration,
} from '../schema/admissionregistration-v1.js';
import { goLabelSelectorString } from '../util/selector.js';
import { age, ageColumn, column, nameColumn, type TablePrinter } from './table.js';

type WebhookConfiguration = ValidatingWebhookConfiguration | MutatingWebhookConfiguration;

/** The printer of both webhook configuration kinds: NAME WEBHOOKS AGE (WEBHOOKS is the count). */
export const webhookConfigurationPrinter: TablePrinter<WebhookConfiguration> = {
  columns: [
    nameColumn(),
    column('Webhooks', 'integer', 'Webhooks indicates the number of webhooks registered in this configuration'),
    ageColumn(),
  ],
  cells: (c, now) => [c.metadata?.name ?? '', (c.webhooks ?? []).length, age(c.metadata, now)],
};

/** ValidatingAdmissionPolicy: NAME VALIDATIONS PARAMKIND AGE (PARAMKIND `apiVersion/kind`, or `<unset>`). */
export const validatingAdmissionPolicyPrinter: TablePrinter<ValidatingAdmissionPolicy> = {
  columns: [
    nameColumn(),
    column(
      'Validations',
      'integer',
      'Validations indicates the number of validation rules defined in this configuration',
    ),
    column('ParamKind', 'string', 'ParamKind specifies the kind of resources used to parameterize this policy'),
    ageColumn(),
  ],
  cells: (p, now) => {
    const kind = p.spec?.paramKind;
    const paramKind = kind ? `${kind.apiVersion ?? ''}/${kind.kind ?? ''}` : '<unset>';
    return [p.metadata?.name ?? '', (p.spec?.validations ?? []).length, paramKind, age(p.metadata, now)];
  },
};

/** `namespace/name`, `*\/name` (namespace unset), the selector, or `<unset>`, as kube prints a paramRef. */
function paramRefCell(ref: ParamRef | undefined): string {
  if (!ref) return '<unset>';
  if (ref.name) return ref.namespace ? `${ref.namespace}/${ref.name}` : `*/${ref.name}`;
  return ref.selector ? goLabelSelectorString(ref.selector) : '<unset>';
}

/** ValidatingAdmissionPolicyBinding: NAME POLICYNAME PARAMREF AGE. */
export const validatingAdmissionPolicyBindingPrinter: TablePrinter<ValidatingAdmissionPolicyBinding> = {
  columns: [
    nameColumn(),
    column('PolicyName', 'string', 'PolicyName indicates the policy definition which the policy binding binded to'),
    column('ParamRef', 'string', 'ParamRef indicates the param resource which sets the configration param'),
    ageColumn(),
  ],
  cells: (b, now) => [
    b.metadata?.name ?? '',
    b.spec?.policyName ?? '',
    paramRefCell(b.spec?.paramRef),
    age(b.metadata, now),
  ],
};
