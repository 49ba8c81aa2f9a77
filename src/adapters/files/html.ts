import type { Link } from '../../engine/types';

/**
 * A small, single-pass HTML reader for hostile mail: it returns the visible text and the links
 * (`<a href>` and `<area href>` with their visible text). Every step moves forward with
 * indexOf or a bounded character scan, so its time is linear in the input; no regex ever runs
 * over the whole document. It is not a conforming HTML parser and does not try to be: it only
 * has to see what a reader would see and where a click would go.
 */

/** Elements whose content is never shown to the reader. */
const HIDDEN_CONTENT = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'xml']);
/** Elements that start a new line in rendered text. */
const BLOCK = new Set([
  'br', 'p', 'div', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote',
  'pre', 'hr', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'center',
]);
/**
 * Links beyond this many are dropped: a real message has tens, a hostile one could have
 * millions of empty anchors and make every downstream rule quadratic.
 */
export const MAX_HTML_LINKS = 5000;
/** Visible anchor text is cut here; rules look at hosts and short phrases, not essays. */
const MAX_ANCHOR_TEXT = 1000;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®',
  trade: '™', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“',
  rdquo: '”', bull: '•', middot: '·', yen: '¥', euro: '€', laquo: '«', raquo: '»',
  zwj: '\u200d', zwnj: '\u200c', lrm: '\u200e', rlm: '\u200f', shy: '\u00ad', times: '×',
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', colon: ':', sol: '/', period: '.',
  lpar: '(', rpar: ')', commat: '@', tab: '\t', newline: '\n', num: '#', quest: '?',
};

/** Longest entity name we try; bounds the scan after each '&'. */
const MAX_ENTITY_LENGTH = 32;

/** Decodes character references (named subset, decimal, hex); unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const amp = s.indexOf('&', i);
    if (amp < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, amp);
    let j = amp + 1;
    const limit = Math.min(s.length, amp + 1 + MAX_ENTITY_LENGTH);
    while (j < limit && /[#0-9a-zA-Z]/.test(s.charAt(j))) j++;
    const body = s.slice(amp + 1, j);
    const hasSemi = s.charAt(j) === ';';
    let decoded: string | undefined;
    if (body.startsWith('#x') || body.startsWith('#X')) {
      const cp = parseInt(body.slice(2), 16);
      decoded = codePoint(cp);
    } else if (body.startsWith('#')) {
      const cp = parseInt(body.slice(1), 10);
      decoded = codePoint(cp);
    } else if (body.length > 0) {
      decoded = NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()];
    }
    if (decoded === undefined) {
      out += '&';
      i = amp + 1;
    } else {
      out += decoded;
      i = j + (hasSemi ? 1 : 0);
    }
  }
  return out;
}

function codePoint(cp: number): string | undefined {
  if (!Number.isFinite(cp) || cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    return Number.isFinite(cp) ? '\ufffd' : undefined;
  }
  return cp === 0 ? '\ufffd' : String.fromCodePoint(cp);
}

interface Tag {
  name: string;
  closing: boolean;
  attrs: Map<string, string>;
  /** Index just past the tag's '>'. */
  end: number;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '/';
}

/** Reads one tag starting at s[start] === '<'; null when it is not a tag (text '<'). */
function readTag(s: string, start: number): Tag | null {
  let i = start + 1;
  let closing = false;
  if (s.charAt(i) === '/') {
    closing = true;
    i++;
  }
  const nameStart = i;
  // A tag name starts with a letter; "<3" or "< b" is text, as browsers treat it.
  if (!/[a-zA-Z]/.test(s.charAt(i))) return null;
  while (i < s.length && /[a-zA-Z0-9:-]/.test(s.charAt(i))) i++;
  if (i === nameStart) return null;
  const name = s.slice(nameStart, i).toLowerCase();
  const attrs = new Map<string, string>();
  while (i < s.length) {
    while (i < s.length && isSpace(s.charAt(i))) i++;
    if (i >= s.length) break;
    if (s.charAt(i) === '>') return { name, closing, attrs, end: i + 1 };
    const an = i;
    while (i < s.length && !isSpace(s.charAt(i)) && s.charAt(i) !== '>' && s.charAt(i) !== '=') i++;
    // A lone '=' or quote as a name: skip one char so the loop always advances.
    if (i === an) i++;
    const attrName = s.slice(an, i).toLowerCase();
    while (i < s.length && (s.charAt(i) === ' ' || s.charAt(i) === '\t' || s.charAt(i) === '\n' || s.charAt(i) === '\r')) i++;
    let value = '';
    if (s.charAt(i) === '=') {
      i++;
      while (i < s.length && (s.charAt(i) === ' ' || s.charAt(i) === '\t' || s.charAt(i) === '\n' || s.charAt(i) === '\r')) i++;
      const q = s.charAt(i);
      if (q === '"' || q === "'") {
        const close = s.indexOf(q, i + 1);
        const stop = close < 0 ? s.length : close;
        value = s.slice(i + 1, stop);
        i = close < 0 ? s.length : close + 1;
      } else {
        const vs = i;
        while (i < s.length && !/[\s>]/.test(s.charAt(i))) i++;
        value = s.slice(vs, i);
      }
    }
    if (attrName && !attrs.has(attrName)) attrs.set(attrName, decodeEntities(value));
  }
  return { name, closing, attrs, end: s.length };
}

export interface HtmlReading {
  text: string;
  links: Link[];
}

/** Visible text and links of an HTML document, in one linear pass. */
export function readHtml(html: string): HtmlReading {
  const parts: string[] = [];
  const links: Link[] = [];
  // Anchor whose visible text is being collected (anchors do not nest in rendered HTML).
  let open: { href: string; text: string } | null = null;
  const emitText = (raw: string): void => {
    if (!raw) return;
    const t = decodeEntities(raw);
    parts.push(t);
    if (open && open.text.length < MAX_ANCHOR_TEXT) open.text += t;
  };
  const closeAnchor = (): void => {
    if (!open) return;
    if (links.length < MAX_HTML_LINKS) {
      links.push({ href: open.href, text: collapse(open.text).slice(0, MAX_ANCHOR_TEXT), origin: 'html' });
    }
    open = null;
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      emitText(html.slice(i));
      break;
    }
    emitText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const c1 = html.charAt(lt + 1);
    if (c1 === '!' || c1 === '?') {
      const end = html.indexOf('>', lt + 2);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    const tag = readTag(html, lt);
    if (!tag) {
      emitText('<');
      i = lt + 1;
      continue;
    }
    i = tag.end;
    if (!tag.closing && HIDDEN_CONTENT.has(tag.name)) {
      // Skip raw content up to the matching close tag, found case-insensitively by a bounded
      // search on a lower-cased copy of only the remaining text we need.
      const closeAt = findClose(html, i, tag.name);
      i = closeAt;
      continue;
    }
    if (tag.name === 'a' || tag.name === 'area') {
      if (tag.closing) {
        if (tag.name === 'a') closeAnchor();
      } else {
        const href = (tag.attrs.get('href') ?? '').trim();
        if (tag.name === 'area') {
          if (href && links.length < MAX_HTML_LINKS) {
            links.push({ href, text: collapse(tag.attrs.get('alt') ?? ''), origin: 'html' });
          }
        } else {
          closeAnchor();
          if (href) open = { href, text: '' };
        }
      }
      continue;
    }
    if (tag.name === 'img' && open) {
      const alt = tag.attrs.get('alt');
      if (alt && open.text.length < MAX_ANCHOR_TEXT) open.text += ` ${alt} `;
    }
    if (BLOCK.has(tag.name)) parts.push('\n');
    else if (tag.name === 'td' || tag.name === 'th') parts.push(' ');
  }
  closeAnchor();
  return { text: tidy(parts.join('')), links };
}

/** Index just past `</name ...>` from `from`, or the end of input when it never closes. */
function findClose(s: string, from: number, name: string): number {
  let i = from;
  while (i < s.length) {
    const lt = s.indexOf('</', i);
    if (lt < 0) return s.length;
    if (s.slice(lt + 2, lt + 2 + name.length).toLowerCase() === name) {
      const gt = s.indexOf('>', lt);
      return gt < 0 ? s.length : gt + 1;
    }
    i = lt + 2;
  }
  return s.length;
}

function collapse(s: string): string {
  return s.replace(/[ \t\r\n\f\u00a0]+/g, ' ').trim();
}

/** Collapses runs of spaces on each line and runs of blank lines, as a renderer would. */
function tidy(s: string): string {
  const lines = s.split('\n').map((l) => l.replace(/[ \t\r\f\u00a0]+/g, ' ').trim());
  const out: string[] = [];
  let blank = 0;
  for (const l of lines) {
    if (l === '') {
      blank++;
      if (blank > 1) continue;
    } else blank = 0;
    out.push(l);
  }
  return out.join('\n').trim();
}
