/**
 * `parse5` as the pane's bundle sees it (webpack resolve.alias): one module that the page and the
 * checking Web Worker share, filled at start-up with the HTML parser each side has. The page
 * installs the browser's DOMParser, replayed through the reader's tree adapter
 * (src/taskpane/shims/parse5-dom.ts); the worker, which has no DOM, installs parse5 itself
 * (check.worker.ts). So the HTML reader (src/adapters/files/html.ts) and everything that imports
 * it are one copy of code in chunks both sides load, instead of a second, worker-only build of
 * them; parse5 is fetched only by the worker.
 *
 * Node (the CLI, Jest) never sees this module: there `parse5` is the package.
 */
import type * as Parse5 from 'parse5';

/** `Tokenizer` only where parse5 itself is installed: the reader speeds up its text runs (parse5-text-runs.ts). */
export type HtmlParser = Pick<typeof Parse5, 'parse' | 'defaultTreeAdapter'> & Partial<Pick<typeof Parse5, 'Tokenizer'>>;

function notInstalled(): never {
  throw new Error('no HTML parser installed: the page and the checking worker each call installHtmlParser() first');
}

/** Live bindings: the reader reads them at each call, after its side installed a parser. */
export let parse: HtmlParser['parse'] = notInstalled;
export let defaultTreeAdapter: HtmlParser['defaultTreeAdapter'] = new Proxy({} as HtmlParser['defaultTreeAdapter'], { get: notInstalled });
export let Tokenizer: HtmlParser['Tokenizer'] = undefined;

export function installHtmlParser(impl: HtmlParser): void {
  parse = impl.parse;
  defaultTreeAdapter = impl.defaultTreeAdapter;
  Tokenizer = impl.Tokenizer;
}
