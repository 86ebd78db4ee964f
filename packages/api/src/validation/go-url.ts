/**
 * Go's net/url.Parse, as far as Kubernetes' validation reads a URL (webhook.ValidateWebhookURL):
 * the scheme, host, user information, raw query and fragment, or url.Parse's error text. Go
 * splits more leniently than WHATWG URL parsing in places (`example.com/hook`, `https:host`,
 * any digits as a port) and more strictly in others (control characters, characters a host
 * may not hold), so it is followed here rather than `new URL`.
 */
import { Buffer } from 'node:buffer';
import { goQuote } from '@wheelhouse/machinery';

/** The parts of a URL Go's url.Parse gives that validation reads. */
export interface GoURL {
  /** Lowercased; '' for a reference without one. */
  scheme: string;
  /** Unescaped; '' without an authority (an opaque `https:host` or a relative reference). */
  host: string;
  /** Userinfo.String() (user[:password], escaped again), or undefined without user information. */
  user: string | undefined;
  /** As written. */
  rawQuery: string;
  /** Unescaped. */
  fragment: string;
}

/** What url.Parse's inner steps report (net/url's error values). */
class URLError extends Error {}

/** The parts of a URL net/url unescapes differently (its encoding modes); only a host's characters are checked. */
type Mode = 'host' | 'userPassword' | 'path' | 'fragment';

function cut(text: string, sep: string): [string, string] {
  const at = text.indexOf(sep);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** net/url's shouldEscape for an ASCII `c` in a host or in user information. */
function shouldEscape(c: string, mode: 'host' | 'userPassword'): boolean {
  if (/^[A-Za-z0-9]$/.test(c) || '-_.~'.includes(c)) return false;
  if (mode === 'host') return !`!$&'()*+,;=:[]<>"`.includes(c);
  return !'$&+,;='.includes(c);
}

/** net/url's unescape: `s` with its %XX escapes decoded (as UTF-8), or the URLError Go reports. */
function unescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const escape = s.slice(i, i + 3);
      if (!isHex(s[i + 1]) || !isHex(s[i + 2]) || (mode === 'host' && escape !== '%25' && parseInt(s[i + 1]!, 16) < 8))
        throw new URLError(`invalid URL escape ${goQuote(escape)}`);
      i += 2;
    } else if (mode === 'host' && c.charCodeAt(0) < 0x80 && shouldEscape(c, 'host')) {
      throw new URLError(`invalid character ${goQuote(c)} in host name`);
    }
  }
  if (!s.includes('%')) return s;
  // The split's odd parts are the (checked) escapes, one byte each; the rest is text, as UTF-8.
  const parts = s
    .split(/(%[0-9A-Fa-f]{2})/)
    .map((p, i) => (i % 2 === 1 ? Buffer.from([parseInt(p.slice(1), 16)]) : Buffer.from(p, 'utf8')));
  return Buffer.concat(parts).toString('utf8');
}

/** net/url's escape in user-information mode, as Userinfo.String writes a name or password. */
function escapeUserPassword(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && !shouldEscape(c, 'userPassword') ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** validOptionalPort: empty, or `:` followed by digits only (no range check, as Go). */
const validOptionalPort = (port: string): boolean => port === '' || /^:[0-9]*$/.test(port);

/** net/url's parseHost: the port's form checked, then the host unescaped (an IPv6 zone's escapes read as a host's). */
function parseHost(host: string): string {
  let colonPort = '';
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new URLError("missing ']' in host");
    colonPort = host.slice(close + 1);
  } else if (host.lastIndexOf(':') >= 0) colonPort = host.slice(host.lastIndexOf(':'));
  if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${goQuote(colonPort)} after host`);
  return unescape(host, 'host');
}

/** net/url's parseAuthority: the host, then the user information before the last `@`. */
function parseAuthority(authority: string): { host: string; user: string | undefined } {
  const at = authority.lastIndexOf('@');
  const host = parseHost(authority.slice(at + 1));
  if (at < 0) return { host, user: undefined };
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new URLError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { host, user: escapeUserPassword(unescape(userinfo, 'userPassword')) };
  const [name, password] = [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
  const user = `${escapeUserPassword(unescape(name, 'userPassword'))}:${escapeUserPassword(unescape(password, 'userPassword'))}`;
  return { host, user };
}

/** net/url's getScheme: the scheme before the first `:`, when what precedes it can be one. */
function getScheme(text: string): [string, string] {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', text];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new URLError('missing protocol scheme');
      return [text.slice(0, i), text.slice(i + 1)];
    }
    return ['', text];
  }
  return ['', text];
}

/** net/url's parse (not via a request) of a URL without its fragment. */
function parse(text: string): Omit<GoURL, 'fragment'> {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(text)) throw new URLError('net/url: invalid control character in URL');
  const [rawScheme, afterScheme] = getScheme(text);
  const scheme = rawScheme.toLowerCase();
  // A lone trailing `?` (ForceQuery) leaves the query empty too.
  const [rest, rawQuery] = cut(afterScheme, '?');
  const none = { scheme, host: '', user: undefined, rawQuery };
  if (!rest.startsWith('/')) {
    if (scheme !== '') return none; // an opaque URL
    if (cut(rest, '/')[0].includes(':')) throw new URLError('first path segment in URL cannot contain colon');
  }
  if (!rest.startsWith('//') || (scheme === '' && rest.startsWith('///'))) {
    unescape(rest, 'path');
    return none;
  }
  const [authority, path] = cut(rest.slice(2), '/');
  unescape(path, 'path');
  return { ...none, ...parseAuthority(authority) };
}

/** url.Parse(raw): its parts, or its error's text (`parse "<url>": <reason>`). */
export function parseGoURL(raw: string): GoURL | { error: string } {
  const [text, fragment] = cut(raw, '#');
  let parts: Omit<GoURL, 'fragment'>;
  try {
    parts = parse(text);
  } catch (e) {
    if (e instanceof URLError) return { error: `parse ${goQuote(text)}: ${e.message}` };
    throw e;
  }
  try {
    return { ...parts, fragment: unescape(fragment, 'fragment') };
  } catch (e) {
    if (e instanceof URLError) return { error: `parse ${goQuote(raw)}: ${e.message}` };
    throw e;
  }
}
