'use strict';
/**
 * A small, strict XML reader for manifests: elements, attributes (with their source offsets, so
 * the renderer can rewrite a value without reformatting the file), text, and namespaces.
 *
 * Why not a package: the lint and renderer run in webpack's config and in CI, and a manifest is a
 * few kilobytes of plain XML. A DOCTYPE is refused outright: manifests never need one, and it is
 * where entity-expansion tricks live. Well-formedness in full is left to xmllint (validate-xsd.js).
 */

/** Far above any real manifest (Outlook caps them at 256 KB); stops pathological nesting from recursing deeply in the walkers. */
const MAX_DEPTH = 64;

class XmlSyntaxError extends Error {
  constructor(message, line) {
    super(`line ${line}: ${message}`);
    this.name = 'XmlSyntaxError';
    this.line = line;
  }
}

const PREDEFINED = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw, line) {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g, (m, ref) => {
    if (ref === undefined) throw new XmlSyntaxError('bare "&" (write &amp;)', line);
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code >= 1 && code <= 0x10ffff)) throw new XmlSyntaxError(`bad character reference &${ref};`, line);
      return String.fromCodePoint(code);
    }
    if (!(ref in PREDEFINED)) throw new XmlSyntaxError(`unknown entity &${ref};`, line);
    return PREDEFINED[ref];
  });
}

/** Escapes text for use inside a double-quoted attribute or element content. */
function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const ATTR = /\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;

/**
 * Parses XML text into `{ root }`. Every element is
 * `{ name, local, ns, attrs: {[name]: {value, start, end}}, children, text, textStart, textEnd, line, parent }`
 * where start/end are offsets of the raw attribute value inside the quotes.
 * @throws {XmlSyntaxError}
 */
function parseXml(text) {
  let i = 0;
  let line = 1;
  const lineAt = (to) => {
    for (let k = i; k < to; k++) if (text.charCodeAt(k) === 10) line++;
    i = to;
  };
  let root = null;
  const stack = [];
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const textEnd = lt === -1 ? text.length : lt;
    if (textEnd > i) {
      const raw = text.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) {
        if (top.textStart === -1) top.textStart = i;
        top.textEnd = textEnd;
        top.text += decodeEntities(raw, line);
      } else if (raw.trim() !== '') {
        throw new XmlSyntaxError('text outside the root element', line);
      }
      lineAt(textEnd);
    }
    if (lt === -1) break;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) throw new XmlSyntaxError('unterminated comment', line);
      lineAt(end + 3);
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) throw new XmlSyntaxError('unterminated processing instruction', line);
      lineAt(end + 2);
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      const top = stack[stack.length - 1];
      if (end === -1 || !top) throw new XmlSyntaxError('bad CDATA section', line);
      top.text += text.slice(i + 9, end);
      lineAt(end + 3);
    } else if (text.startsWith('<!', i)) {
      throw new XmlSyntaxError('DOCTYPE and other declarations are not allowed in a manifest', line);
    } else if (text.startsWith('</', i)) {
      const m = NAME.exec(text.slice(i + 2, i + 2 + 200));
      const top = stack.pop();
      if (!m || !top || m[0] !== top.name) {
        throw new XmlSyntaxError(`closing tag </${m ? m[0] : '?'}> does not match <${top ? top.name : ''}>`, line);
      }
      const close = text.indexOf('>', i);
      if (close === -1 || text.slice(i + 2 + m[0].length, close).trim() !== '') throw new XmlSyntaxError('bad closing tag', line);
      lineAt(close + 1);
    } else {
      const m = NAME.exec(text.slice(i + 1, i + 1 + 200));
      if (!m) throw new XmlSyntaxError('bad element name', line);
      if (root && stack.length === 0) throw new XmlSyntaxError('more than one root element', line);
      const parent = stack[stack.length - 1] || null;
      const el = { name: m[0], local: m[0].split(':').pop(), ns: '', attrs: {}, children: [], text: '', textStart: -1, textEnd: -1, line, parent, nsScope: {} };
      let j = i + 1 + m[0].length;
      ATTR.lastIndex = j;
      let a;
      while ((a = ATTR.exec(text))) {
        const raw = a[3] !== undefined ? a[3] : a[4];
        const start = a.index + a[0].length - 1 - raw.length;
        if (Object.prototype.hasOwnProperty.call(el.attrs, a[1])) throw new XmlSyntaxError(`duplicate attribute ${a[1]}`, line);
        el.attrs[a[1]] = { value: decodeEntities(raw, line), start, end: start + raw.length };
        j = ATTR.lastIndex;
      }
      const rest = /^\s*(\/?)>/.exec(text.slice(j, j + 300));
      if (!rest) throw new XmlSyntaxError(`malformed start tag <${m[0]}>`, line);
      const scope = Object.assign({}, parent ? parent.nsScope : {});
      for (const [k, v] of Object.entries(el.attrs)) {
        if (k === 'xmlns') scope[''] = v.value;
        else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v.value;
      }
      el.nsScope = scope;
      const prefix = m[0].includes(':') ? m[0].split(':')[0] : '';
      if (prefix && !(prefix in scope)) throw new XmlSyntaxError(`undeclared namespace prefix ${prefix}:`, line);
      el.ns = scope[prefix] || '';
      if (parent) parent.children.push(el);
      else root = el;
      const selfClosing = rest[1] === '/';
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) throw new XmlSyntaxError(`nesting deeper than ${MAX_DEPTH}`, line);
        stack.push(el);
      }
      lineAt(j + rest[0].length);
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`<${stack[stack.length - 1].name}> is never closed`, line);
  if (!root) throw new XmlSyntaxError('no root element', line);
  return { root };
}

/** Every element below (and including) `el`, in document order. */
function descendants(el) {
  const out = [];
  const walk = (e) => {
    out.push(e);
    e.children.forEach(walk);
  };
  walk(el);
  return out;
}

const attr = (el, name) => (el && el.attrs[name] ? el.attrs[name].value : undefined);
const child = (el, local) => (el ? el.children.find((c) => c.local === local) : undefined);
const childrenNamed = (el, local) => (el ? el.children.filter((c) => c.local === local) : []);
const xsiType = (el) => {
  const raw = attr(el, 'xsi:type');
  return raw === undefined ? undefined : raw.split(':').pop();
};

module.exports = { parseXml, XmlSyntaxError, escapeXml, descendants, attr, child, childrenNamed, xsiType };
