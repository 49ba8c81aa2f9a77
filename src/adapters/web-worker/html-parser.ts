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

export type HtmlParser = Pick<typeof Parse5, 'parse' | 'defaultTreeAdapter'>;

function notInstalled(): never {
  throw new Error('no HTML parser installed: the page and the checking worker each call installHtmlParser() first');
}

/** Live bindings: the reader reads them at each call, after its side installed a parser. */
export let parse: HtmlParser['parse'] = notInstalled;
export let defaultTreeAdapter: HtmlParser['defaultTreeAdapter'] = new Proxy({} as HtmlParser['defaultTreeAdapter'], { get: notInstalled });

export function installHtmlParser(impl: HtmlParser): void {
  parse = impl.parse;
  defaultTreeAdapter = impl.defaultTreeAdapter;
}
