import { describe, expect, it } from 'vitest';
import {
  defaultMutatingWebhookConfiguration,
  defaultValidatingWebhookConfiguration,
} from '../defaults/admissionregistration.js';
import { webhookConfigurationPrinter } from '../printing/admissionregistration.js';
import type {
  MutatingWebhookConfiguration,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
} from '../schema/admissionregistration-v1.js';
import {
  validateMutatingWebhookConfiguration,
  validateValidatingWebhookConfiguration,
} from './admissionregistration.js';
import { formatFieldError, type FieldError } from './field-errors.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);
const hook = (fields: Partial<ValidatingWebhook> = {}): ValidatingWebhook => ({
  name: 'check.example.com',
  clientConfig: { service: { namespace: 'system', name: 'webhook', path: '/validate' } },
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  ...fields,
});
const vwc = (...webhooks: ValidatingWebhook[]): ValidatingWebhookConfiguration =>
  defaultValidatingWebhookConfiguration({ metadata: { name: 'policy' }, webhooks });

describe('webhook configuration defaults', () => {
  it("fills kube's defaults on every webhook (reinvocationPolicy only for mutating ones)", () => {
    const v = vwc(hook()).webhooks?.[0];
    expect(v).toMatchObject({
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      namespaceSelector: {},
      objectSelector: {},
      timeoutSeconds: 10,
      rules: [{ scope: '*' }],
      clientConfig: { service: { port: 443 } },
    });
    expect(v).not.toHaveProperty('reinvocationPolicy');
    const m: MutatingWebhookConfiguration = { metadata: { name: 'm' }, webhooks: [hook()] };
    expect(defaultMutatingWebhookConfiguration(m).webhooks?.[0]?.reinvocationPolicy).toBe('Never');
  });
});

describe('webhook configuration validation', () => {
  it('accepts a defaulted configuration', () => {
    expect(validateValidatingWebhookConfiguration(vwc(hook()))).toEqual([]);
  });

  it('refuses what kube-apiserver refuses, with its texts', () => {
    const bad = vwc(
      hook({
        name: 'check',
        sideEffects: undefined,
        timeoutSeconds: 31,
        clientConfig: { url: 'http://example.com/x' },
        rules: [{ operations: ['*', 'CREATE'], apiGroups: [], apiVersions: ['v1'], resources: ['pods'] }],
        admissionReviewVersions: ['v2'],
      }),
      hook(),
      hook({ clientConfig: {} }),
    );
    expect(messages(validateValidatingWebhookConfiguration(bad))).toEqual([
      'webhooks[0].name: Invalid value: "check": should be a domain with at least three segments separated by dots',
      `webhooks[0].rules[0].operations: Invalid value: []admissionregistration.OperationType{"*", "CREATE"}: if '*' is present, must not specify other operations`,
      'webhooks[0].rules[0].apiGroups: Required value',
      'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun',
      'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
      `webhooks[0].clientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme; desired format: https://host[/path]`,
      'webhooks[0].admissionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1',
      'webhooks[2].clientConfig: Required value: exactly one of url or service is required',
      'webhooks[2].name: Duplicate value: "check.example.com"',
    ]);
  });

  it('refuses resources a wildcard entry already covers, as kube does', () => {
    const rules = (resources: string[]) => [
      { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources },
    ];
    const check = (resources: string[]) =>
      messages(validateValidatingWebhookConfiguration(vwc(hook({ rules: rules(resources) }))));
    expect(check(['*', 'pods/status', 'pods/*', '*/status'])).toEqual([]);
    expect(check(['pods/*', 'pods/log'])).toEqual([
      `webhooks[0].rules[0].resources[1]: Invalid value: "pods/log": if 'pods/*' is present, must not specify pods/log`,
    ]);
    expect(check(['*', 'pods'])).toEqual([
      `webhooks[0].rules[0].resources: Invalid value: []string{"*", "pods"}: if '*' is present, must not specify other resources without subresources`,
    ]);
    expect(check(['*/*', 'pods'])).toEqual([
      `webhooks[0].rules[0].resources: Invalid value: []string{"*/*", "pods"}: if '*/*' is present, must not specify other resources`,
    ]);
  });

  it('checks a service path segment by segment as DNS subdomains, and a URL without a scheme like Go parses it', () => {
    const path = (p: string) =>
      messages(
        validateValidatingWebhookConfiguration(
          vwc(hook({ clientConfig: { service: { namespace: 'system', name: 'webhook', path: p } } })),
        ),
      );
    expect(path('/v1.validate/pods/')).toEqual([]);
    expect(path('validate//x')).toEqual([
      `webhooks[0].clientConfig.service.path: Invalid value: "validate//x": must start with a '/'`,
      `webhooks[0].clientConfig.service.path: Invalid value: "validate//x": segment[1] may not be empty`,
    ]);
    const url = messages(
      validateValidatingWebhookConfiguration(vwc(hook({ clientConfig: { url: 'example.com/hook' } }))),
    );
    expect(url).toEqual([
      `webhooks[0].clientConfig.url: Invalid value: "": 'https' is the only allowed URL scheme; desired format: https://host[/path]`,
      `webhooks[0].clientConfig.url: Invalid value: "": host must be specified; desired format: https://host[/path]`,
    ]);
  });

  it("words an unparsable url as Go's url.Parse does (the URL quoted without its fragment)", () => {
    const urlError = (url: string) =>
      messages(validateValidatingWebhookConfiguration(vwc(hook({ clientConfig: { url } }))));
    const form = '; desired format: https://host[/path]';
    expect(urlError('https://example.com/a\nb#f')).toEqual([
      `webhooks[0].clientConfig.url: Required value: url must be a valid URL: parse "https://example.com/a\\nb": net/url: invalid control character in URL${form}`,
    ]);
    expect(urlError('://example.com')).toEqual([
      `webhooks[0].clientConfig.url: Required value: url must be a valid URL: parse "://example.com": missing protocol scheme${form}`,
    ]);
    expect(urlError('1host:443/hook')).toEqual([
      `webhooks[0].clientConfig.url: Required value: url must be a valid URL: parse "1host:443/hook": first path segment in URL cannot contain colon${form}`,
    ]);
    expect(urlError('https://exa mple.com/hook')).toEqual([
      `webhooks[0].clientConfig.url: Required value: url must be a valid URL: parse "https://exa mple.com/hook": invalid character " " in host name${form}`,
    ]);
  });

  it('reads an opaque https URL as hostless and any digits as a port, as Go does', () => {
    const urlErrors = (url: string) =>
      messages(validateValidatingWebhookConfiguration(vwc(hook({ clientConfig: { url } }))));
    expect(urlErrors('https:example.com/hook')).toEqual([
      `webhooks[0].clientConfig.url: Invalid value: "": host must be specified; desired format: https://host[/path]`,
    ]);
    expect(urlErrors('https://example.com:99999/hook')).toEqual([]);
    expect(urlErrors('https://u:p@example.com/hook?a=b#x%20y')).toEqual([
      'webhooks[0].clientConfig.url: Invalid value: "u:p": user information is not permitted in the URL',
      'webhooks[0].clientConfig.url: Invalid value: "x y": fragments are not permitted in the URL',
      'webhooks[0].clientConfig.url: Invalid value: "a=b": query parameters are not permitted in the URL',
    ]);
  });

  it('checks reinvocationPolicy on mutating webhooks', () => {
    const m = defaultMutatingWebhookConfiguration({
      metadata: { name: 'm' },
      webhooks: [{ ...hook(), reinvocationPolicy: 'Always' }],
    });
    expect(messages(validateMutatingWebhookConfiguration(m))).toEqual([
      'webhooks[0].reinvocationPolicy: Unsupported value: "Always": supported values: "IfNeeded", "Never"',
    ]);
  });

  it('prints NAME WEBHOOKS AGE', () => {
    expect(webhookConfigurationPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Webhooks', 'Age']);
    const c = { metadata: { name: 'policy', creationTimestamp: '2024-05-01T11:00:00Z' }, webhooks: [hook(), hook()] };
    expect(webhookConfigurationPrinter.cells(c, new Date('2024-05-01T12:00:00Z'))).toEqual(['policy', 2, '60m']);
  });
});
