const secrets = new Set<string>();

/** Remember a secret so that `redact` hides it from every line the CLI prints or logs. */
export function registerSecret(secret: string | undefined): void {
  // Very short values would mask ordinary text; they are still never printed by design.
  if (secret !== undefined && secret.length >= 4) secrets.add(secret);
}

/** The text with every registered secret (and its URL-encoded form) replaced by asterisks. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('********');
  }
  return out;
}
