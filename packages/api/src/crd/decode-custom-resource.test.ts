import { describe, expect, it } from 'vitest';
import { certificateSchema } from '../validation/apiextensions.test-support.js';
import { decodeCustomResource } from './decode-custom-resource.js';

const body = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'web' },
  spec: { secretName: 's', issuerRef: { name: 'i' }, privateKey: { algorithm: 'RSA' }, dnsName: 'typo' },
};

describe('decodeCustomResource', () => {
  it('refuses unknown fields with Strict, as kube-apiserver does', () => {
    expect(decodeCustomResource(certificateSchema(), body)).toEqual({
      ok: false,
      unknownFields: ['spec.dnsName'],
      message: 'strict decoding error: unknown field "spec.dnsName"',
    });
  });

  it('prunes them with a warning under Warn, then applies defaults', () => {
    const result = decodeCustomResource(certificateSchema(), body, 'Warn');
    expect(result).toMatchObject({ ok: true, warnings: ['unknown field "spec.dnsName"'] });
    if (!result.ok) throw new Error('decoded');
    expect(result.value.spec).toEqual({
      secretName: 's',
      issuerRef: { name: 'i' },
      privateKey: { algorithm: 'RSA', rotationPolicy: 'Always' },
    });
  });

  it('prunes silently under Ignore', () => {
    expect(decodeCustomResource(certificateSchema(), body, 'Ignore')).toMatchObject({ ok: true, warnings: [] });
  });
});
