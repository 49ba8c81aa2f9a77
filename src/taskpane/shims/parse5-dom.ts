/**
 * Browser stand-in for `parse5` (webpack resolve.alias), used by the HTML reader
 * (src/adapters/files/html.ts) in the pane. parse5 is ~47 kB gzipped, mostly its entity tables;
 * the browser already has a WHATWG parser. `parse()` here lets the browser's DOMParser build the
 * tree (scripting off, as parse5 is called), then replays it through the tree adapter the reader
 * passes in, so the reader's element and depth caps apply exactly as in the CLI.
 * test/browser/html-links.test.ts holds parse5's link set and text to Chromium's DOM, which is
 * what makes the two interchangeable.
 *
 * Needs DOMParser: a pane that moves parsing into a Web Worker (no DOM there) must drop this
 * alias and bundle parse5 itself.
 */
import type { DefaultTreeAdapterMap, ParserOptions, TreeAdapter } from 'parse5';

type Map5 = DefaultTreeAdapterMap;
type NS = Map5['element']['namespaceURI'];

function createElement(tagName: string, namespaceURI: NS, attrs: Map5['element']['attrs']): Map5['element'] {
  return { nodeName: tagName, tagName, attrs, namespaceURI, childNodes: [], parentNode: null };
}

/** No parse5 tokenizer here (the browser's parser does the tokenizing): nothing for parse5-text-runs.ts to speed up. */
export const Tokenizer = undefined;

/** The parts of parse5's default tree adapter the HTML reader uses, building the same node shapes. */
export const defaultTreeAdapter = {
  createDocument(): Map5['document'] {
    return { nodeName: '#document', mode: 'no-quirks' as Map5['document']['mode'], childNodes: [] };
  },
  createElement,
  appendChild(parent: Map5['parentNode'], node: Map5['childNode']): void {
    parent.childNodes.push(node);
    node.parentNode = parent;
  },
  /** The replay only appends; the reader's adapter forwards here, so it must exist. */
  insertBefore(parent: Map5['parentNode'], node: Map5['childNode']): void {
    defaultTreeAdapter.appendChild(parent, node);
  },
  setTemplateContent(): void {},
  insertText(parent: Map5['parentNode'], text: string): void {
    parent.childNodes.push({ nodeName: '#text', value: text, parentNode: parent });
  },
  isTextNode(node: Map5['node']): node is Map5['textNode'] {
    return node.nodeName === '#text';
  },
  isElementNode(node: Map5['node']): node is Map5['element'] {
    return Object.prototype.hasOwnProperty.call(node, 'tagName');
  },
};

function attributes(el: Element): Map5['element']['attrs'] {
  const out: Map5['element']['attrs'] = [];
  for (const a of Array.from(el.attributes)) {
    out.push(a.namespaceURI ? { name: a.localName, value: a.value, namespace: a.namespaceURI as NS & string, prefix: a.prefix ?? '' } : { name: a.name, value: a.value });
  }
  return out;
}

/** Builds the document with DOMParser, then hands it node by node to `options.treeAdapter`. */
export function parse(html: string, options: ParserOptions<Map5> = {}): Map5['document'] {
  const adapter = (options.treeAdapter ?? defaultTreeAdapter) as unknown as TreeAdapter<Map5>;
  const dom = new DOMParser().parseFromString(html, 'text/html');
  const doc = adapter.createDocument();
  // Iterative, so a deep document cannot overflow the stack.
  const stack: [Node, Map5['parentNode']][] = [];
  for (let c = dom.lastChild; c; c = c.previousSibling) stack.push([c, doc]);
  while (stack.length > 0) {
    const [node, parent] = stack.pop() as [Node, Map5['parentNode']];
    if (node.nodeType === Node.TEXT_NODE) {
      adapter.insertText(parent, (node as Text).data);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      const mine = adapter.createElement(el.localName, el.namespaceURI as NS, attributes(el));
      adapter.appendChild(parent, mine);
      // A template's content is not part of the document (the reader skips it), so it is not replayed.
      for (let c = el.lastChild; c; c = c.previousSibling) stack.push([c, mine]);
    }
  }
  return doc;
}
