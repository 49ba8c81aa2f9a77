import { defaultTreeAdapter, parse, Tokenizer, type DefaultTreeAdapterMap } from 'parse5';
import type { Link } from '../../engine/types';
import { installTextRuns } from './parse5-text-runs';

/**
 * HTML as a browser reads it: the links a click can follow (`<a href>`, `<area href>`, SVG
 * `<a href|xlink:href>`) with their visible text, and the visible text, taken from the tree that
 * parse5 builds by the WHATWG parsing algorithm, the one browsers implement. A hand-written
 * skipper cannot follow the algorithm's recoveries: after an unclosed `<head>`, inside an unknown
 * `<xml>` element, in a table's foster-parented content or after a bogus comment, a browser shows
 * links a skipper hides. Scripting is off, as in a mail reader (and in Chromium's DOMParser), so
 * `<noscript>` content is markup a reader sees. test/browser/html-links.test.ts holds this link set
 * to what Chromium's DOM reports.
 *
 * Bounds: parse5's time is linear in the input (the caller cuts the HTML at MAX_HTML_CHARS); the
 * tree is cut at MAX_HTML_ELEMENTS elements (reported), so markup padding cannot exhaust memory;
 * the walk is iterative, so deep nesting cannot exhaust the stack.
 */

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

/**
 * Links beyond this many are dropped: a real message has tens, a hostile one could have
 * millions of empty anchors and make every downstream rule quadratic.
 */
export const MAX_HTML_LINKS = 5000;
/** Elements built per document; real mail has a few thousand. Beyond this the rest is not read (and that is reported). */
export const MAX_HTML_ELEMENTS = 200_000;
/**
 * Element nesting read. parse5, like the standard, checks "in scope" by walking the stack of
 * open elements, so 100,000 nested `<div>`s cost minutes; Chromium stops deepening its tree at
 * 512 (kMaximumHTMLParserDOMTreeDepth). Past this depth the rest of the document is not read
 * (and that is reported); real mail nests a few dozen deep.
 */
export const MAX_HTML_DEPTH = 512;
/** Visible anchor text is cut here; rules look at hosts and short phrases, not essays. */
const MAX_ANCHOR_TEXT = 1000;

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Elements whose content a browser never renders (with scripting off, noscript content is rendered). */
const HIDDEN = new Set(['script', 'style', 'title', 'template', 'noembed', 'noframes', 'iframe', 'head']);
/** Elements that start a new line in rendered text. */
const BLOCK = new Set([
  'br', 'p', 'div', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote',
  'pre', 'hr', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article', 'header', 'footer', 'center',
]);

/** Block elements with no content: one line break, not one on entering and one on leaving. */
const VOID = new Set(['br', 'hr']);

export interface HtmlReading {
  text: string;
  links: Link[];
  /** Set when the document was cut (too many elements); the reading is a prefix of it. */
  truncated?: string;
}

/** Thrown from the tree adapter to stop parse5 at a bound; the tree built so far is kept. */
class Cut extends Error {}

function attr(el: Element, name: string, namespace?: string): string | undefined {
  for (const a of el.attrs) if (a.name === name && (namespace === undefined ? !a.namespace : a.namespace === namespace)) return a.value;
  return undefined;
}

/** The link target of an element a click can follow, or undefined. */
export function linkTarget(el: Element): string | undefined {
  if (el.tagName !== 'a' && el.tagName !== 'area') return undefined;
  if (el.namespaceURI === HTML_NS) return attr(el, 'href');
  if (el.namespaceURI === SVG_NS && el.tagName === 'a') return attr(el, 'href') ?? attr(el, 'href', XLINK_NS);
  return undefined;
}

function parseBounded(html: string): { doc: DefaultTreeAdapterMap['document'] | undefined; truncated?: string } {
  let elements = 0;
  let doc: DefaultTreeAdapterMap['document'] | undefined;
  let truncated: string | undefined;
  const depth = new WeakMap<object, number>();
  /** Template content → its template: the content counts as one level below the template. */
  const templateOf = new WeakMap<object, object>();
  const depthOf = (n: object): number => {
    const own = depth.get(n);
    if (own !== undefined) return own;
    const template = templateOf.get(n);
    return template ? (depth.get(template) ?? 0) : 0;
  };
  const placed = (parent: ParentNode, node: Node): void => {
    const d = depthOf(parent) + 1;
    if (d > MAX_HTML_DEPTH) {
      truncated = `HTML read to a nesting depth of ${MAX_HTML_DEPTH} (MAX_HTML_DEPTH)`;
      throw new Cut();
    }
    depth.set(node, d);
  };
  const treeAdapter: typeof defaultTreeAdapter = {
    ...defaultTreeAdapter,
    createDocument() {
      doc = defaultTreeAdapter.createDocument();
      return doc;
    },
    createElement(tagName, namespaceURI, attrs) {
      if (++elements > MAX_HTML_ELEMENTS) {
        truncated = `HTML read to its first ${MAX_HTML_ELEMENTS} elements (MAX_HTML_ELEMENTS)`;
        throw new Cut();
      }
      return defaultTreeAdapter.createElement(tagName, namespaceURI, attrs);
    },
    appendChild(parent, node) {
      if (defaultTreeAdapter.isElementNode(node)) placed(parent, node);
      defaultTreeAdapter.appendChild(parent, node);
    },
    insertBefore(parent, node, reference) {
      if (defaultTreeAdapter.isElementNode(node)) placed(parent, node);
      defaultTreeAdapter.insertBefore(parent, node, reference);
    },
    setTemplateContent(template, content) {
      // Set before the template is placed, so its depth is looked up when the content is used.
      templateOf.set(content, template);
      defaultTreeAdapter.setTemplateContent(template, content);
    },
  };
  // Text runs collected in pieces, not a string per character (parse5-text-runs.ts); once per process.
  installTextRuns(Tokenizer);
  try {
    parse(html, { treeAdapter, scriptingEnabled: false });
  } catch (e) {
    if (!(e instanceof Cut)) throw e;
  }
  return truncated ? { doc, truncated } : { doc };
}

/** Visible text and links of an HTML document, as a browser builds it. */
export function readHtml(html: string): HtmlReading {
  const { doc, truncated } = parseBounded(html);
  const parts: string[] = [];
  const links: Link[] = [];
  /** Anchors whose subtree is being walked; their visible text is collected. */
  const open: { link: Link | undefined; text: string }[] = [];
  const addText = (t: string): void => {
    parts.push(t);
    for (const a of open) if (a.text.length < MAX_ANCHOR_TEXT) a.text += t;
  };
  // Iterative walk: an element is pushed, then a marker to leave it after its children.
  type Step = { node: Node } | { leave: Element; anchor: boolean };
  const stack: Step[] = [];
  const pushChildren = (parent: ParentNode): void => {
    for (let i = parent.childNodes.length - 1; i >= 0; i--) stack.push({ node: parent.childNodes[i] as Node });
  };
  if (doc) pushChildren(doc);
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    if ('leave' in step) {
      if (step.anchor) {
        const a = open.pop();
        if (a?.link) a.link.text = collapse(a.text).slice(0, MAX_ANCHOR_TEXT);
      }
      if (BLOCK.has(step.leave.tagName) && !VOID.has(step.leave.tagName)) parts.push('\n');
      continue;
    }
    const node = step.node;
    if (defaultTreeAdapter.isTextNode(node)) {
      addText(node.value);
      continue;
    }
    if (!defaultTreeAdapter.isElementNode(node)) continue;
    const el = node;
    const name = el.tagName;
    if (el.namespaceURI === HTML_NS && HIDDEN.has(name)) continue;
    const href = linkTarget(el)?.trim();
    let anchor = false;
    if (href) {
      if (name === 'area') {
        if (links.length < MAX_HTML_LINKS) links.push({ href, text: collapse(attr(el, 'alt') ?? ''), origin: 'html' });
      } else {
        // Recorded in document order when opened; the text is filled in when it is left.
        const link: Link | undefined = links.length < MAX_HTML_LINKS ? { href, text: '', origin: 'html' } : undefined;
        if (link) links.push(link);
        open.push({ link, text: '' });
        anchor = true;
      }
    }
    if (name === 'img' && open.length > 0) {
      const alt = attr(el, 'alt');
      if (alt) for (const a of open) if (a.text.length < MAX_ANCHOR_TEXT) a.text += ` ${alt} `;
    }
    if (BLOCK.has(name)) parts.push('\n');
    else if (name === 'td' || name === 'th') parts.push(' ');
    stack.push({ leave: el, anchor });
    pushChildren(el);
  }
  const reading: HtmlReading = { text: tidy(parts.join('')), links };
  if (truncated) reading.truncated = truncated;
  return reading;
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
