import { session } from '../../api/session';

/**
 * The secrets of the keys created or rotated in THIS browser tab, so the playground can use a
 * key right after it was made without asking for it again.
 *
 * Memory only, by design: never localStorage, sessionStorage, a cookie or a URL (pass the key's
 * id in `/playground?key=<id>` and look the secret up here). A reload, another tab or the end of
 * the session forgets them all; the service never shows a secret twice, so a key whose secret
 * is not here must be pasted by the person (or rotated).
 *
 *   rememberSecret(key.id, key.key)   // after POST /api-keys or POST /api-keys/{id}/rotate
 *   secretFor(keyId)                  // string | undefined
 */
const secrets = new Map<string, string>();

export function rememberSecret(keyId: string, secret: string): void {
  secrets.set(keyId, secret);
}

export function secretFor(keyId: string): string | undefined {
  return secrets.get(keyId);
}

/** Forgets one key's secret (e.g. once it is revoked), or every one. */
export function forgetSecrets(keyId?: string): void {
  if (keyId === undefined) secrets.clear();
  else secrets.delete(keyId);
}

// a logout (or a session the service ended) forgets the secrets with the tokens
session.subscribe((tokens) => {
  if (tokens === null) secrets.clear();
});
