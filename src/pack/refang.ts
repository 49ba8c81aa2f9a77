/**
 * Undoes the usual "defanging" of indicators in threat reports (`example[.]com`, `hxxps[:]//`,
 * `user[@]example.com`) so they can be compared with what is really in a message.
 *
 * Hint: the engine will own refang/defang in `src/engine/text/`; this copy exists only because
 * admin IOC parsing needed one before the engine's landed. The lead will dedupe.
 */

// One pass over the string with one alternation keeps 100,000-line IOC files well inside the
// parse budget; each bracket form is listed explicitly so ordinary brackets survive.
const DEFANG_RE = /\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|\[:\]|\[:\/\/\]|\[\/\]|\[@\]|\(@\)|\[at\]|\(at\)|\{at\}|^(?:hxxps?|hxxp|fxp|hXXps?)(?=(?:\[:\]|:|\[:\/\/\]))/gi;

/** Every defanged form contains a bracket or starts with a mangled scheme. */
const QUICK_RE = /[[({]|^[hf]x/i;

function replacement(m: string): string {
  const l = m.toLowerCase();
  if (l.includes('.') || l.includes('dot')) return '.';
  if (l === '[://]') return '://';
  if (l === '[:]') return ':';
  if (l === '[/]') return '/';
  if (l.includes('@') || l.includes('at')) return '@';
  if (l === 'fxp') return 'ftp';
  return l.replace('xx', 'tt');
}

/** Turns a defanged indicator back into its plain form; plain input is returned unchanged. */
export function refang(s: string): string {
  // Most lines of a real IOC file are plain; skipping the replace for them halves parse time.
  if (!QUICK_RE.test(s)) return s;
  // `[.]` is by far the commonest form; a literal replace is much cheaper than the regex.
  const t = s.includes('[.]') ? s.replaceAll('[.]', '.') : s;
  return QUICK_RE.test(t) ? t.replace(DEFANG_RE, replacement) : t;
}
