/** Printers of the webhook configurations: NAME WEBHOOKS AGE. */
import type {
  MutatingWebhookConfiguration,
  ValidatingWebhookConfiguration,
} from '../schema/admissionregistration-v1.js';
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
