/**
 * Names of the engine detectors a rule may use. The pack validator rejects any other name, so a
 * typo in `seeds/rules/*.yml` (or in an admin's extra pack) fails at build or load time instead of
 * silently never firing. The engine implements each as `src/engine/detectors/<name>.ts`.
 */
export const KNOWN_DETECTORS: readonly string[] = [
  'freemail-institutional',
  'display-name-mismatch',
  'reply-to-mismatch',
  'lookalike-domain',
  'auth-failure',
  'lure-keywords',
  'keyword-in-body',
  'password-with-encrypted',
  'office-macro',
  'encrypted-office',
  'encrypted-archive',
  'archive-inconsistent',
  'remote-template',
  'file-kind',
  'double-extension',
  'type-mismatch',
  'name-unicode-trick',
  'cloud-link',
  'link-text-mismatch',
  'ioc-match',
  'link-feature',
  'markup',
  'unparsable',
];
