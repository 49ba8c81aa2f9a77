/**
 * parse5-text-runs.ts changes how parse5's tokenizer builds a run of text, never what it builds.
 * These tests hold that: the trees parse5 builds with the change (this registry's parse5, which
 * the HTML reader patches) and without it (a fresh copy of parse5, loaded in an isolated module
 * registry) must be the same, node for node and with source locations, over a table of edge
 * cases (with source locations) and over every HTML body in the shared corpora (as markup).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as parse5 from 'parse5';
import { CORPORA, listFiles, requireCorpora } from '../../../test/helpers/corpus';
import { readHtml } from './html';
import { parseMime } from './mime';
import { MIME_OPTIONS } from './parse-eml';
import { installTextRuns } from './parse5-text-runs';

type Parse5 = typeof parse5;

let plain: Parse5;
jest.isolateModules(() => {
  plain = jest.requireActual<Parse5>('parse5');
});

/** The tree as JSON: every node's name, value, attributes and source location, no parent links. */
function tree(p: Parse5, html: string): string {
  const doc = p.parse(html, { sourceCodeLocationInfo: true, scriptingEnabled: false });
  return JSON.stringify(doc, (key, value: unknown) => (key === 'parentNode' ? undefined : value));
}

/** The tree as markup (cheaper than tree(), for 20 MB of corpus HTML): every node, no locations. */
function markup(p: Parse5, html: string): string {
  return p.serialize(p.parse(html, { scriptingEnabled: false }));
}

beforeAll(() => {
  // readHtml installs the change on first use; so does this, in case no test reads HTML first.
  expect(installTextRuns(parse5.Tokenizer)).toBe(true);
});

describe('parse5-text-runs', () => {
  it('is installed on parse5 as pinned in package.json, and not on the isolated copy', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // Exact pin: the change replaces internal methods that a minor release may move.
    expect(pkg.dependencies.parse5).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.getOwnPropertySymbols(parse5.Tokenizer.prototype).map(String)).toContain('Symbol(mirrorface-guard.parse5-text-runs)');
    expect(Object.getOwnPropertySymbols(plain.Tokenizer.prototype)).toEqual([]);
    expect(plain.Tokenizer).not.toBe(parse5.Tokenizer);
  });

  it('is a no-op on a class without the methods it replaces', () => {
    class Other {}
    expect(installTextRuns(Other)).toBe(false);
    expect(installTextRuns(undefined)).toBe(false);
  });

  const long = 'x'.repeat(70_000);
  it.each([
    ['empty', ''],
    ['short run', '<p>hi</p>'],
    ['run at the threshold', '<p>1234567</p><p>12345678</p><p>123456789</p>'],
    ['long run past the preprocessor waterline (64 kB)', `<p>${long}</p><p>${long}y</p>`],
    ['whitespace, text and NUL runs alternate', '<p>  a b\n\n\tc\u0000\u0000d  \u0000 e     f</p>'],
    ['CRLF and lone CR inside runs', '<p>line one\r\nline two\rline three\r\n\r\n   tail</p>'],
    ['character references inside a run', '<p>a&amp;b&lt;c&#x41;&#66;&nbsp;d&notin; &noti e&zwnj;f</p>'],
    ['references at run edges', '&amp;start<b>&copy;</b>end&gt;'],
    ['text around tags and in attributes', '<a href="https://ex&amp;mple.test/a b">link text here</a> after the link text'],
    ['RCDATA (title, textarea)', '<title>a title &amp; more</title><textarea>some < text &lt; here</textarea>'],
    ['RAWTEXT (style, xmp, noembed)', '<style>p { color: red } /* comment */</style><xmp><b>raw</b></xmp>'],
    ['script data and escapes', '<script><!-- if (a < b) { x = "</scr" + "ipt>"; } --></script>after'],
    ['PLAINTEXT swallows the rest', '<plaintext>everything </p> after is text'],
    ['foreign content and CDATA', '<svg><![CDATA[cdata text here]]><text>svg text</text></svg>'],
    ['foster-parented table text', '<table>text in a table<tr><td>cell text</td></tr>more</table>'],
    ['comments, doctype and bogus markup', '<!DOCTYPE html><!-- a comment --><? bogus ?></ notatag>text</>'],
    ['non-BMP and surrogate halves', '<p>😀😀😀 text \ud800 lone \udc00 halves 😀</p>'],
    ['unclosed at EOF', '<p>text that ends without a close tag and goes on for a while'],
  ])('builds the same tree with and without it: %s', (_name, html) => {
    expect(tree(parse5, html)).toBe(tree(plain, html));
  });

  it('builds the same tree for every HTML body in the shared corpora', async () => {
    const root = requireCorpora();
    const files = listFiles(root).filter((f) => !/\.(msg|json|md|txt\.gz|zip|gz)$/i.test(f));
    let bodies = 0;
    let chars = 0;
    const differ: string[] = [];
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(CORPORA, f));
      if (bytes.length > 4 * 1024 * 1024) continue;
      let html: string | undefined;
      try {
        html = (await parseMime(new Uint8Array(bytes), MIME_OPTIONS)).html;
      } catch {
        continue;
      }
      if (!html) continue;
      bodies++;
      chars += html.length;
      // The reader's own reading goes through the patched parser; the tree comparison is the proof.
      if (markup(parse5, html) !== markup(plain, html)) differ.push(f);
    }
    expect(differ).toEqual([]);
    // The corpora hold about 1,700 HTML bodies (20 MB); far fewer means the walk above broke.
    expect(bodies).toBeGreaterThan(1000);
    expect(chars).toBeGreaterThan(10_000_000);
    expect(readHtml('<p>a <a href="https://example.test/">link text</a></p>')).toEqual({
      text: 'a link text',
      links: [{ href: 'https://example.test/', text: 'link text', origin: 'html' }],
    });
  }, 300_000);
});
