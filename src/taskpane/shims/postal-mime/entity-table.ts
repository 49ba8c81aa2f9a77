/**
 * The table behind the pane's stand-in for postal-mime's html-entities module (html-entities.js
 * beside this file, swapped in by webpack's NormalModuleReplacementPlugin like the decoders).
 *
 * postal-mime renders a text body from an HTML part (htmlToText) when a message carries both
 * kinds in different parts, and decodes named character references with a copy of the WHATWG
 * table: 2,231 names, ~12 kB gzip. The HTML parser the pane already carries holds the same table
 * (parse5's, through its `entities` decoder, in the checking worker, where postal-mime runs and
 * every HTML parse in the pane happens), so this answers each lookup the original answers, through it:
 * - `&name;` is a key exactly when the parser decodes the whole reference. An unknown name
 *   comes back unchanged; a name that only starts with a legacy name (`&notit;`) comes back
 *   part-decoded with its `;` still at the end (only `&semi;` decodes to a `;`).
 * - `&name` without `;` is a key exactly for the 106 legacy names below, with the same value.
 * The parse builds an inert tree (no scripts, no requests), and only of a string that is a bare
 * reference. entity-table.test.ts compares every key and a set of near-misses with the original
 * table; Node (CLI, tests) runs postal-mime's own module.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';

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
type Node5 = DefaultTreeAdapterMap['node'];

/** The text inside the first `<textarea>` of the tree, or undefined. */
function textareaValue(root: Node5): string | undefined {
  const stack: Node5[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node5;
    if ('tagName' in node && node.tagName === 'textarea') {
      return node.childNodes.map((c) => (c.nodeName === '#text' ? (c as DefaultTreeAdapterMap['textNode']).value : '')).join('');
    }
    if ('childNodes' in node) for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i] as Node5);
  }
  return undefined;
}

/**
 * The reference as the HTML parser reads it in text (RCDATA, as in a textarea); `ref` is a bare
 * reference (REFERENCE), so it cannot open or close an element.
 */
function parserDecode(ref: string): string {
  // A leading character, because a textarea drops a newline right after its start tag (&NewLine;).
  const value = textareaValue(parse(`<!doctype html><textarea>.${ref}</textarea>`, { scriptingEnabled: false }));
  return value === undefined ? ref : value.slice(1);
}

function lookup(key: string): string | undefined {
  if (!REFERENCE.test(key)) return undefined;
  if (!key.endsWith(';')) return LEGACY.has(key.slice(1)) ? lookup(`${key};`) : undefined;
  if (cache.has(key)) return cache.get(key);
  const out = parserDecode(key);
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
