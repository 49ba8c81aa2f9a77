import { parseAuthenticationResults } from './auth-results';
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, readHtml } from './html';
import { splitMbox } from './mbox';
import { extractTextLinks } from './text-links';
import { sniffMessageFormat } from './index';
import type { AuthResult } from '../../engine/types';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('parseAuthenticationResults (RFC 8601)', () => {
  const r = (authservId: string, method: string, result: string, props: Record<string, string> = {}): AuthResult => ({ authservId, method, result, props });
  it.each<[string, string, AuthResult[]]>([
    [
      'Gmail style with comments',
      'mx.google.com;\r\n       dkim=pass header.i=@example.jp header.s=s1 header.b=AbC;\r\n       spf=pass (google.com: domain of a@example.jp designates 192.0.2.1 as permitted sender) smtp.mailfrom=a@example.jp;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.jp',
      [
        r('mx.google.com', 'dkim', 'pass', { 'header.i': '@example.jp', 'header.s': 's1', 'header.b': 'AbC' }),
        r('mx.google.com', 'spf', 'pass', { 'smtp.mailfrom': 'a@example.jp' }),
        r('mx.google.com', 'dmarc', 'pass', { 'header.from': 'example.jp' }),
      ],
    ],
    [
      'Exchange Online without an authserv-id',
      'spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.it; dkim=none (message not signed) header.d=none;dmarc=bestguesspass action=none header.from=example.it;compauth=pass reason=109',
      [
        r('', 'spf', 'pass', { 'smtp.mailfrom': 'example.it' }),
        r('', 'dkim', 'none', { 'header.d': 'none' }),
        r('', 'dmarc', 'bestguesspass', { 'header.from': 'example.it' }),
        r('', 'compauth', 'pass'),
      ],
    ],
    ['version number and "none"', 'example.org 1; none', []],
    ['method version, upper case, spaces around =', 'MX.Example.ORG; DKIM/1 = FAIL header.d = evil.example', [r('mx.example.org', 'dkim', 'fail', { 'header.d': 'evil.example' })]],
    ['nested comments and quoted reason', 'a.example; spf=softfail (x (nested; still comment) y) reason="a;b" smtp.mailfrom=x@y.example', [r('a.example', 'spf', 'softfail', { 'smtp.mailfrom': 'x@y.example' })]],
    ['garbage', ';;;===;(((', []],
    ['empty', '', []],
    ['unterminated comment', 'a.example; dkim=pass (oops header.d=x', [r('a.example', 'dkim', 'pass')]],
  ])('%s', (_l, value, expected) => {
    expect(parseAuthenticationResults(value)).toEqual(expected);
  });
});

describe('readHtml (parse5: the tree a browser builds)', () => {
  it.each<[string, string, string, Array<[string, string]>]>([
    ['anchor text and href', '<p>Hi <a href="https://evil.example/login">https://www.mofa.go.jp/</a></p>', 'Hi https://www.mofa.go.jp/', [['https://evil.example/login', 'https://www.mofa.go.jp/']]],
    ['scripts, styles and comments are hidden', '<style>p{}</style><script>var a="<a href=x>";</script><!-- <a href="y">--><b>本文</b>', '本文', []],
    ['entities in text and attributes', '<a href="https://a.example/?x=1&amp;y=2">&#x4F1A;&#35696; &amp; more</a>', '会議 & more', [['https://a.example/?x=1&y=2', '会議 & more']]],
    ['area and image alt', '<map><area href="http://m.example/" alt="map"></map><a href="http://i.example/"><img alt="ログイン"></a>', '', [['http://m.example/', 'map'], ['http://i.example/', 'ログイン']]],
    ['unquoted and upper-case attributes', '<A HREF=http://u.example/x>go</A>', 'go', [['http://u.example/x', 'go']]],
    ['unclosed anchor', '<a href="http://open.example/">dangling', 'dangling', [['http://open.example/', 'dangling']]],
    ['broken tags stay text', 'a < b and <3 <', 'a < b and <3 <', []],
    ['block elements break lines', 'one<br>two<div>three</div>', 'one\ntwo\nthree', []],
    // The cases a hand-written skipper got wrong (issue 8, item 5): what a browser shows.
    ['a link after an unclosed <head>', '<html><head><title>x</title><a href="https://after-head.example/">open</a>', 'open', [['https://after-head.example/', 'open']]],
    ['a link inside an unknown <xml> element', '<xml><a href="https://in-xml.example/">here</a></xml>', 'here', [['https://in-xml.example/', 'here']]],
    ['an unclosed <title> swallows the markup after it', '<title>x<a href="https://in-title.example/">t</a>', '', []],
    ['a <textarea> holds text, not links', '<textarea><a href="https://in-textarea.example/">t</a></textarea>', '<a href="https://in-textarea.example/">t</a>', []],
    ['noscript is markup with scripting off (as in a mail reader)', '<noscript><a href="https://in-noscript.example/">ns</a></noscript>', 'ns', [['https://in-noscript.example/', 'ns']]],
    ['template content is not part of the document', '<template><a href="https://in-template.example/">t</a></template>x', 'x', []],
    ['foster-parented anchor in a table', '<table><a href="https://fostered.example/">f</a><tr><td>c</td></tr></table>', 'f\n\nc', [['https://fostered.example/', 'f']]],
    ['a bogus comment runs to the first >, swallowing the start tag', '<!x <a href="https://bogus.example/">b</a>', 'b', []],
    ['an attribute with no closing quote drops the tag, as a browser does', '<a href="https://unclosed.example/>x', '', []],
    ['svg links with xlink:href', '<svg><a xlink:href="https://svg.example/"><text>s</text></a></svg>', 's', [['https://svg.example/', 's']]],
    ['nested anchors are split by the parser', '<a href="https://one.example/">1<a href="https://two.example/">2</a></a>', '12', [['https://one.example/', '1'], ['https://two.example/', '2']]],
    ['an empty href is no link', '<a href="  ">x</a><a>y</a>', 'xy', []],
  ])('%s', (_l, html, text, links) => {
    const r = readHtml(html);
    expect(r.text).toBe(text);
    expect(r.links.map((l) => [l.href, l.text])).toEqual(links);
    expect(r.links.every((l) => l.origin === 'html')).toBe(true);
    expect(r.truncated).toBeUndefined();
  });

  it('cuts at MAX_HTML_DEPTH nested elements and says so; links above the cut are kept', () => {
    const html = '<a href="https://shallow.example/">s</a>' + '<div>'.repeat(MAX_HTML_DEPTH + 10) + '<a href="https://deep.example/">d</a>';
    const r = readHtml(html);
    expect(r.links.map((l) => l.href)).toEqual(['https://shallow.example/']);
    expect(r.truncated).toMatch(/nesting depth of 512 \(MAX_HTML_DEPTH\)/);
    const nestedTemplates = readHtml('<template>'.repeat(MAX_HTML_DEPTH + 10));
    expect(nestedTemplates.truncated).toMatch(/MAX_HTML_DEPTH/);
  });

  it.each([
    ['unclosed attribute quotes', '<a href="' + 'x'.repeat(200000)],
    ['many open tags', '<a '.repeat(100000)],
    ['many comment starts', '<!--'.repeat(100000)],
    ['many entities', '&#x41;&amp'.repeat(100000)],
    ['deep nesting', '<div>'.repeat(100000) + 'x'],
    ['deep inline nesting', '<b><i><a href=x>'.repeat(30000) + 'x'],
  ])('reads %s without stalling or overflowing the stack', (_l, html) => {
    const t = performance.now();
    const r = readHtml(html);
    expect(r.text.length).toBeLessThan(html.length + 1);
    // A hang guard, far above the real cost (the bench tracks the real cost).
    expect(performance.now() - t).toBeLessThan(10_000);
  });

  it('cuts the tree at MAX_HTML_ELEMENTS and says so; links before the cut are kept', () => {
    const html = '<a href="https://first.example/">first</a>' + '<i></i>'.repeat(MAX_HTML_ELEMENTS) + '<a href="https://late.example/">late</a>';
    const r = readHtml(html);
    expect(r.links.map((l) => l.href)).toEqual(['https://first.example/']);
    expect(r.truncated).toMatch(/first 200000 elements \(MAX_HTML_ELEMENTS\)/);
  });
});

describe('extractTextLinks', () => {
  it.each<[string, string[]]>([
    ['see https://example.jp/path?q=1.', ['https://example.jp/path?q=1']],
    ['こちら https://evil.example/loginをクリック', ['https://evil.example/login']],
    ['URL:https://a.example/（詳細）', ['https://a.example/']],
    ['bare www.mofa-go.jp.example/x and http://b.example', ['www.mofa-go.jp.example/x', 'http://b.example']],
    ['(https://en.wikipedia.org/wiki/Foo_(bar))', ['https://en.wikipedia.org/wiki/Foo_(bar)']],
    ['<https://angle.example/>', ['https://angle.example/']],
    ['no links here: http:// and www. alone', []],
    ['HXXP://defanged.example is not a link but HTTPS://UP.EXAMPLE is', ['HTTPS://UP.EXAMPLE']],
  ])('%s', (text, hrefs) => {
    const links = extractTextLinks(text);
    expect(links.map((l) => l.href)).toEqual(hrefs);
    expect(links.every((l) => l.origin === 'text' && l.text === '')).toBe(true);
  });
});

describe('sniffMessageFormat', () => {
  it.each<[string, Uint8Array, string]>([
    ['empty', new Uint8Array(0), 'empty'],
    ['whitespace only', enc(' \r\n\n'), 'empty'],
    ['OLE magic', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'msg'],
    ['mbox From line', enc('From a@example.com Mon Jan  1 00:00:00 2024\nSubject: x\n\nbody'), 'mbox'],
    ['mbox after a BOM', Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('From x\n')]), 'mbox'],
    ['eml header', enc('From: a@example.com\r\n\r\n'), 'eml'],
    ['Received first', enc('Received: by x\r\nFrom: a@b\r\n\r\n'), 'eml'],
    ['a name that says .msg does not matter', enc('Subject: x.msg\r\n\r\n'), 'eml'],
  ])('%s → %s', (_l, b, fmt) => {
    expect(sniffMessageFormat(b)).toBe(fmt);
  });
});

describe('splitMbox', () => {
  it('splits on From lines, drops envelopes and unquotes mboxrd', () => {
    const mbox = 'From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From the start\n>>From kept one\n\nFrom b@x Mon Jan  1 00:00:00 2024\nSubject: two\n\nbody\n';
    const { messages, truncated } = splitMbox(enc(mbox));
    expect(truncated).toBe(false);
    expect(messages.map(dec)).toEqual(['Subject: one\n\nFrom the start\n>From kept one\n\n', 'Subject: two\n\nbody\n']);
  });

  // mboxo/mboxrd: an unquoted "From " envelope line (here always after a blank line) is the next
  // message, whatever the line before the blank one is. A generated 5,683-message mbox lost 4
  // messages when a "From " after a Content- header and a blank line was read as an attached
  // message. Python's mailbox.mbox splits every one of these shapes the same way.
  const ENV = (who: string): string => `From ${who} Mon Jan  1 00:00:00 2024`;
  it.each([
    ['headers-only message ending in Content-Transfer-Encoding', `${ENV('a@x')}\nSubject: one\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n${ENV('b@x')}\nSubject: two\n\nbody\n`, ['one', 'two']],
    ['headers-only message ending in Content-Type, CRLF', `${ENV('a@x')}\r\nSubject: one\r\nContent-Type: text/plain\r\n\r\n${ENV('b@x')}\r\nSubject: two\r\n\r\nbody\r\n`, ['one', 'two']],
    ['last MIME part with an empty body (no closing boundary)', `${ENV('a@x')}\nSubject: one\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nContent-Disposition: inline\n\n${ENV('b@x')}\nSubject: two\n\nbody\n`, ['one', 'two']],
    ['message/rfc822 part headers, then an unquoted envelope', `${ENV('a@x')}\nSubject: one\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n${ENV('a@x')}\nSubject: two\n\nhi\n--b--\n`, ['one', 'two']],
    ['the same part with the inner envelope quoted (mboxrd): one message', `${ENV('a@x')}\nSubject: one\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n>${ENV('a@x')}\nSubject: inner\n\nhi\n--b--\n`, ['one']],
    ['three messages, the middle one headers-only', `${ENV('a@x')}\nSubject: one\n\nx\n\n${ENV('b@x')}\nSubject: two\nContent-Length: 0\n\n${ENV('c@x')}\nSubject: three\n\ny\n`, ['one', 'two', 'three']],
  ])('a "From " envelope after a blank line is a separator: %s', (_l, text, subjects) => {
    const { messages } = splitMbox(enc(text));
    expect(messages.map((m) => /^Subject: (\w+)/m.exec(dec(m))?.[1])).toEqual(subjects);
  });

  it.each([
    // Unmunged bodies: a "From " line that is not an envelope, or not followed by a header.
    ['a body line that is not an envelope', 'From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nmovie:\n\nFrom Russia with love\nYear: 1963\n', 1],
    ['an envelope-like body line followed by prose', 'From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nFrom 10:00 to 12:00 we meet\nin room 3\n', 1],
    ['a BOM before the first envelope, bare "From -" envelopes', '\ufeffFrom -\nSubject: one\n\nFrom Russia with love\n\nFrom -\nSubject: two\n\nbody\n', 2],
  ])('%s', (_l, text, count) => {
    expect(splitMbox(enc(text)).messages).toHaveLength(count);
  });
});
