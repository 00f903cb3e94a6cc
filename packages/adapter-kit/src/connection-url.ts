/** How to write reserved characters in a URL's user name or password, for messages. */
export const PERCENT_ENCODING_ADVICE = 'percent-encode them: %40 for @, %3A for :, %2F for /, %3F for ?, %23 for #, %25 for %, %20 for a space';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Where the password of a `scheme://user:password@host/...` text sits, as [start, end), or
 * undefined when it has none. The password runs from the first `:` after `//` to the last `@`: an
 * `@` written unencoded belongs to the password (as the URL standard reads it), and a `/`, `?` or
 * `#` written unencoded would otherwise leave the rest of the password showing.
 */
export function urlPasswordSpan(text: string): readonly [number, number] | undefined {
  const scheme = SCHEME.exec(text);
  if (scheme === null) return undefined;
  const from = scheme[0].length;
  const colon = text.indexOf(':', from);
  const at = text.lastIndexOf('@');
  return colon >= 0 && colon < at ? [colon + 1, at] : undefined;
}

/** The URL text with exactly its password replaced by `mask`; everything else as written. */
export function redactUrl(text: string, mask = '***'): string {
  const span = urlPasswordSpan(text);
  return span === undefined ? text : `${text.slice(0, span[0])}${mask}${text.slice(span[1])}`;
}

/**
 * Whether an `@` follows the host part (which ends at the first `/`, `?` or `#` after `//`): the
 * sign of a password holding one of those characters unencoded, which no parser can read back.
 */
export function hasAtAfterHost(text: string): boolean {
  const scheme = SCHEME.exec(text);
  if (scheme === null) return false;
  const rest = text.slice(scheme[0].length);
  const hostEnd = rest.search(/[/?#]/);
  return hostEnd >= 0 && rest.indexOf('@', hostEnd) >= 0;
}

/** A percent-encoded URL part decoded, or undefined when it is not valid (`%` without two hex digits, or not UTF-8). */
export function decodeUrlPart(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
