import { describe, expect, it } from 'vitest';
import { formatFieldError, formatFieldErrors } from './field-errors.js';
import {
  TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
  annotationsSize,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  maxLenError,
  regexError,
  validateAnnotations,
  validateLabels,
} from './validation.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('message helpers', () => {
  it('regexError matches Kubernetes formatting, double space included', () => {
    expect(regexError('msg', 'fmt')).toBe("msg (regex used for validation is 'fmt')");
    expect(regexError('msg', 'fmt', 'a')).toBe("msg (e.g. 'a', regex used for validation is 'fmt')");
    expect(regexError('msg', 'fmt', 'a', 'b')).toBe("msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')");
    expect(maxLenError(63)).toBe('must be no more than 63 characters');
  });
});

describe('isDNS1123Subdomain', () => {
  it.each([
    'a',
    'ab',
    'abc',
    'a1',
    'a-1',
    'a--1--2--b',
    '0',
    '01',
    '1.a',
    'a.b.c',
    'example.com',
    'a'.repeat(253),
    `${'a'.repeat(63)}.b`,
  ])('accepts %j', (value) => {
    expect(isDNS1123Subdomain(value)).toEqual([]);
  });

  it.each(['', 'A', 'ABC', 'aBc', 'A1', 'a_1', 'a..1', '-a', 'a-', 'a.', '.a', 'a b', 'a@b', 'a/b', 'a.-b'])(
    'rejects %j',
    (value) => {
      expect(isDNS1123Subdomain(value)).toEqual([SUBDOMAIN_MSG]);
    },
  );

  it('reports length and pattern separately', () => {
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual([maxLenError(253)]);
    expect(isDNS1123Subdomain(`${'A'.repeat(254)}`)).toEqual([maxLenError(253), SUBDOMAIN_MSG]);
  });

  it('counts UTF-8 bytes as Go does', () => {
    expect(isDNS1123Subdomain('é'.repeat(127))).toEqual([maxLenError(253), SUBDOMAIN_MSG]);
  });
});

describe('isDNS1123Label', () => {
  it.each(['a', 'ab', 'a-1', 'a--1--2--b', '0', '01', 'a'.repeat(63)])('accepts %j', (value) => {
    expect(isDNS1123Label(value)).toEqual([]);
  });

  it.each(['', 'A', 'a_1', '-a', 'a-', 'a b', 'a.-b'])('rejects %j with the pattern message', (value) => {
    expect(isDNS1123Label(value)).toEqual([LABEL_MSG]);
  });

  it('says "must not contain dots" for a valid subdomain', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
  });

  it('reports too long', () => {
    expect(isDNS1123Label('a'.repeat(64))).toEqual([maxLenError(63)]);
  });
});

describe('isDNS1035Label', () => {
  it.each(['a', 'ab', 'a-1', 'a--1--2--b', 'a'.repeat(63)])('accepts %j', (value) => {
    expect(isDNS1035Label(value)).toEqual([]);
  });

  it.each(['', '0', '01', '1a', 'A', 'a_1', '-a', 'a-', 'a.b'])('rejects %j', (value) => {
    expect(isDNS1035Label(value)).toEqual([DNS1035_MSG]);
  });

  it('reports too long', () => {
    expect(isDNS1035Label('a'.repeat(64))).toEqual([maxLenError(63)]);
  });
});

describe('isQualifiedName', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ])('accepts %j', (value) => {
    expect(isQualifiedName(value)).toEqual([]);
  });

  it.each([
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    'a'.repeat(64),
    `${'a'.repeat(254)}/abc`,
  ])('rejects %j', (value) => {
    expect(isQualifiedName(value).length).toBeGreaterThan(0);
  });

  it('words each failure as Kubernetes does', () => {
    expect(isQualifiedName('-a')).toEqual([NAME_PART_MSG]);
    expect(isQualifiedName('')).toEqual(['name part must be non-empty', NAME_PART_MSG]);
    expect(isQualifiedName('/a')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('a/')).toEqual(['name part must be non-empty', NAME_PART_MSG]);
    expect(isQualifiedName('A.com/a')).toEqual([`prefix part ${SUBDOMAIN_MSG}`]);
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(isQualifiedName('a/b/c')).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });
});

describe('isValidLabelValue', () => {
  it.each([
    '',
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    'end-with-num-1',
    '1234',
    'a'.repeat(63),
    'Uppercase_Is_OK_123',
  ])('accepts %j', (value) => {
    expect(isValidLabelValue(value)).toEqual([]);
  });

  it.each([
    'nospecialchars%^=@',
    'Tama-nui-te-rā.is.Māori.sun',
    '\\backslashes\\are\\bad',
    '-starts-with-dash',
    'ends-with-dash-',
    '.starts.with.dot',
    'ends.with.dot.',
    'a b',
  ])('rejects %j', (value) => {
    expect(isValidLabelValue(value)).toContain(LABEL_VALUE_MSG);
  });

  it('reports too long', () => {
    expect(isValidLabelValue('a'.repeat(64))).toEqual([maxLenError(63)]);
  });
});

describe('validateLabels', () => {
  it('accepts valid labels', () => {
    expect(validateLabels({ app: 'web', 'example.com/tier': 'front', empty: '' })).toEqual([]);
  });

  it('reports bad keys and values at metadata.labels', () => {
    const errs = validateLabels({ '-bad': 'ok', good: 'bad value' });
    expect(errs.map(formatFieldError)).toEqual([
      `metadata.labels: Invalid value: "-bad": ${NAME_PART_MSG}`,
      `metadata.labels: Invalid value: "bad value": ${LABEL_VALUE_MSG}`,
    ]);
    expect(errs[0]?.type).toBe('FieldValueInvalid');
  });

  it('takes another field path', () => {
    expect(formatFieldErrors(validateLabels({ a: '-' }, 'spec.selector.matchLabels'))).toBe(
      `spec.selector.matchLabels: Invalid value: "-": ${LABEL_VALUE_MSG}`,
    );
  });
});

describe('validateAnnotations', () => {
  it('accepts qualified keys case-insensitively', () => {
    expect(
      validateAnnotations({ 'Example.COM/Key': 'v', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }),
    ).toEqual([]);
  });

  it('rejects bad keys', () => {
    expect(validateAnnotations({ 'a b': 'v' }).map(formatFieldError)).toEqual([
      `metadata.annotations: Invalid value: "a b": ${NAME_PART_MSG}`,
    ]);
  });

  it('counts the total size of keys and values, allowing exactly 256 KiB', () => {
    const key = 'k';
    const atLimit = { [key]: 'v'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES - 1) };
    expect(annotationsSize(atLimit)).toBe(262144);
    expect(validateAnnotations(atLimit)).toEqual([]);
    const over = { [key]: 'v'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) };
    expect(validateAnnotations(over).map(formatFieldError)).toEqual([
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });

  it('counts bytes, not characters', () => {
    expect(annotationsSize({ a: 'é' })).toBe(3);
  });
});
