/**
 * The table behind the pane's stand-in for postal-mime's html-entities module (html-entities.js
 * beside this file, swapped in by webpack's NormalModuleReplacementPlugin like the decoders).
 *
 * postal-mime renders a text body from an HTML part (htmlToText) when a message carries both
 * kinds in different parts, and decodes named character references with a copy of the WHATWG
 * table: 2,231 names, ~12 kB gzip in the pane. The browser's HTML parser holds the same table,
 * so this answers each lookup the original answers, through it:
 * - `&name;` is a key exactly when the browser decodes the whole reference. An unknown name
 *   comes back unchanged; a name that only starts with a legacy name (`&notit;`) comes back
 *   part-decoded with its `;` still at the end (only `&semi;` decodes to a `;`).
 * - `&name` without `;` is a key exactly for the 106 legacy names below, with the same value.
 * The parse runs in an inert DOMParser document (no scripts, no requests), and only on a string
 * that is a bare reference. entity-table.test.ts (jsdom) compares every key and a set of near-misses with
 * the original table; Node (CLI, tests) runs postal-mime's own module.
 * A Web Worker has no DOM: code bundled for one must keep the original module.
 */
const LEGACY = new Set(
  (
    'AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT Iacute Icirc Igrave Iuml LT ' +
    'Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN Uacute Ucirc Ugrave Uuml Yacute aacute acirc acute aelig ' +
    'agrave amp aring atilde auml brvbar ccedil cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12 frac14 ' +
    'frac34 gt iacute icirc iexcl igrave iquest iuml laquo lt macr micro middot nbsp not ntilde oacute ocirc ograve ordf ordm ' +
    'oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1 sup2 sup3 szlig thorn times uacute ucirc ugrave uml ' +
    'uuml yacute yen yuml'
  ).split(' '),
);
const REFERENCE = /^&[A-Za-z][A-Za-z0-9]*;?$/;
const cache = new Map<string, string | undefined>();
/**
 * The reference as the HTML parser reads it in text (RCDATA, as in a textarea): DOMParser builds
 * an inert document (no scripts run, nothing is fetched), and `ref` is a bare reference
 * (REFERENCE), so it cannot open or close an element.
 */
function browserDecode(ref: string): string {
  // A leading character, because a textarea drops a newline right after its start tag (&NewLine;).
  const doc = new DOMParser().parseFromString(`<!doctype html><textarea>.${ref}</textarea>`, 'text/html');
  const value = doc.querySelector('textarea')?.value;
  return value === undefined ? ref : value.slice(1);
}

function lookup(key: string): string | undefined {
  if (!REFERENCE.test(key)) return undefined;
  if (!key.endsWith(';')) return LEGACY.has(key.slice(1)) ? lookup(`${key};`) : undefined;
  if (cache.has(key)) return cache.get(key);
  const out = browserDecode(key);
  const value = out !== key && (!out.endsWith(';') || key === '&semi;') ? out : undefined;
  cache.set(key, value);
  return value;
}

export const htmlEntities: Record<string, string | undefined> = new Proxy(
  {},
  {
    get(_target, key): string | undefined {
      return typeof key === 'string' ? lookup(key) : undefined;
    },
  },
);
