/**
 * Response warnings (kube's warning recorder): admission plugins add theirs to the request's
 * AdmissionAttributes.warnings, handlers return theirs (dropped unknown fields), and the HTTP
 * layer sends them all as `Warning: 299 - "..."` headers, on success and on refusal alike.
 */
/** kube's warning recorder limits: runes over all warnings, and per warning once past that. */
const TOTAL_RUNES = 4 * 1024;
const ITEM_RUNES = 256;

const runes = (s: string): number => [...s].length;
const cut = (s: string): string => (runes(s) > ITEM_RUNES ? [...s].slice(0, ITEM_RUNES).join('') : s);

/**
 * kube's NewWarningHeader: `299 - "<text>"` with `"` and `\` escaped, undefined (dropped) for
 * text with control characters. Node writes header values as latin1, so the UTF-8 bytes of
 * the value are passed as latin1 characters: they go out as the UTF-8 kube sends.
 */
function header(text: string): string | undefined {
  if (/\p{Cc}/u.test(text)) return undefined;
  return Buffer.from(`299 - "${text.replace(/["\\]/g, '\\$&')}"`, 'utf8').toString('latin1');
}

/**
 * The Warning header values of `texts`, as kube's warning recorder writes them: empty and
 * repeated texts dropped; once the texts pass 4096 runes in all, every text (those sent
 * already included) is cut to 256 runes, and texts past another 4096 runes are dropped.
 */
export function warningHeaders(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  const ordered: string[] = [];
  let headers: string[] = [];
  let written = 0;
  let truncating = false;
  for (const text of texts) {
    if (text === '' || seen.has(text) || (truncating && written >= TOTAL_RUNES)) continue;
    seen.add(text);
    ordered.push(text);
    const sent = truncating ? cut(text) : text;
    const value = header(sent);
    if (value === undefined) continue;
    if (truncating || written + runes(sent) <= TOTAL_RUNES) {
      written += runes(sent);
      headers.push(value);
      continue;
    }
    truncating = true;
    written = 0;
    headers = [];
    for (const t of ordered.map(cut)) {
      const v = header(t);
      if (v === undefined) continue;
      written += runes(t);
      headers.push(v);
    }
  }
  return headers;
}
