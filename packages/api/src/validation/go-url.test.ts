import { describe, expect, it } from 'vitest';
import { parseGoURL } from './go-url.js';

describe("parseGoURL (Go's url.Parse)", () => {
  it('splits scheme, host, user, query and fragment as Go does, escapes decoded', () => {
    expect(parseGoURL('HTTPS://u:p@Host:443/hook?a b#x%20y')).toEqual({
      scheme: 'https',
      host: 'Host:443',
      user: 'u:p',
      rawQuery: 'a b',
      fragment: 'x y',
    });
    expect(parseGoURL('https://[::1]:8443/x')).toMatchObject({ host: '[::1]:8443' });
    // Userinfo.String escapes again what it decoded.
    expect(parseGoURL('https://a!b%41@h/')).toMatchObject({ user: 'a%21bA' });
  });

  it('accepts what WHATWG parsing refuses and the reverse, as Go', () => {
    const none = { scheme: '', host: '', user: undefined, rawQuery: '', fragment: '' };
    expect(parseGoURL('example.com/hook')).toEqual(none);
    expect(parseGoURL('///h/x')).toEqual(none);
    expect(parseGoURL('//h/x')).toEqual({ ...none, host: 'h' });
    // An opaque URL has no host; a port is only checked for digits.
    expect(parseGoURL('https:example.com')).toEqual({ ...none, scheme: 'https' });
    expect(parseGoURL('https://host:99999/x')).toMatchObject({ host: 'host:99999' });
    expect(parseGoURL('https://h/#a\nb')).toMatchObject({ fragment: 'a\nb' });
  });

  it("words each failure as url.Parse's error, the URL quoted without its fragment", () => {
    const errors = [
      'https://h/a\nb#f',
      '://x',
      '1host:443/hook',
      'https://exa mple.com/',
      'https://h:ab/',
      'https://[::1/',
      'https://a b@h/',
      'https://%41/',
      'https://h/a%zz',
      'https://h/#a%2',
    ].map((u) => (parseGoURL(u) as { error: string }).error);
    expect(errors).toEqual([
      'parse "https://h/a\\nb": net/url: invalid control character in URL',
      'parse "://x": missing protocol scheme',
      'parse "1host:443/hook": first path segment in URL cannot contain colon',
      'parse "https://exa mple.com/": invalid character " " in host name',
      'parse "https://h:ab/": invalid port ":ab" after host',
      `parse "https://[::1/": missing ']' in host`,
      'parse "https://a b@h/": net/url: invalid userinfo',
      'parse "https://%41/": invalid URL escape "%41"',
      'parse "https://h/a%zz": invalid URL escape "%zz"',
      // A bad fragment escape quotes the whole URL.
      'parse "https://h/#a%2": invalid URL escape "%2"',
    ]);
  });
});
