/**
 * The engine's fast paths must give exactly what the plain algorithms give: each is checked
 * against a slow reference written here (property tests), plus tables for the evidence and
 * refang fixes that came with them.
 */
import * as fc from 'fast-check';
import { evaluate } from './evaluate';
import { cachedHostInfo, hostInfo, skeleton } from './domain';
import type { HostCache } from './domain';
import { KeywordMatcher } from './keyword-matcher';
import type { KeywordHit } from './keyword-matcher';
import { toUnicodeHost } from './punycode';
import { normaliseText, refang } from './text';
import { testPack, msg } from './testing/test-pack';

/** Every occurrence by brute force, with the matcher's word-boundary rule. */
function naiveSearch(keywords: string[], text: string): string[] {
  const word = (c: string | undefined): boolean => c !== undefined && /[a-z0-9]/.test(c);
  const out: string[] = [];
  keywords.forEach((k, owner) => {
    if (!k) return;
    for (let at = text.indexOf(k); at >= 0; at = text.indexOf(k, at + 1)) {
      if (word(k[0]) && word(text[at - 1])) continue;
      if (word(k[k.length - 1]) && word(text[at + k.length])) continue;
      out.push(`${owner}@${at}`);
    }
  });
  return out.sort();
}

const key = (hits: KeywordHit[]): string[] => hits.map((h) => `${h.owner}@${h.start}`).sort();

describe('KeywordMatcher dense table', () => {
  // A small alphabet so keywords overlap and share prefixes and suffixes often.
  const ch = fc.constantFrom('a', 'b', 'p', 's', ' ', '-', '1', 'の', 'パ', 'ス', '同', '盟', '𠮷', '\u200B');
  const str = (max: number) => fc.array(ch, { maxLength: max }).map((a) => a.join(''));

  it('finds the same hits as brute force, and as the fail-link path', () => {
    fc.assert(
      fc.property(fc.array(str(5), { minLength: 1, maxLength: 12 }), str(60), (keywords, text) => {
        const entries = keywords.map((keyword, owner) => ({ keyword, owner }));
        const dense = new KeywordMatcher(entries);
        const sparse = new KeywordMatcher(entries, { maxTableCells: 0 });
        const expected = naiveSearch(keywords, text);
        expect(key(dense.search(text, 10_000))).toEqual(expected);
        expect(key(sparse.search(text, 10_000))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it.each([
    ['dense', {}],
    ['fail links', { maxTableCells: 0 }],
  ])('%s: hit order and per-group caps are unchanged', (_n, options) => {
    const m = new KeywordMatcher(
      ['へ', 'しへ', 'ひす', 'へれす', 'pw'].map((keyword, owner) => ({ keyword, owner })),
      options,
    );
    expect(m.search('うしへれす pw').map((h) => `${h.keyword}@${h.start}`)).toEqual(['しへ@1', 'へ@2', 'へれす@2', 'pw@6']);
    expect(m.search('pw pw pw へ', 2, Int32Array.from([0, 0, 0, 0, 1]))).toHaveLength(3);
  });
});

describe('KeywordMatcher.mayMatch (skips normalising bodies without a keyword)', () => {
  // Raw characters whose normalised form the pre-check computes itself, and some it must defer on.
  const ch = fc.constantFrom('a', 'B', 'p', 'S', ' ', '\t', '\n', '\u00A0', '\u3000', 'Ａ', 'ｓ', '１', 'パ', 'ス', '同', '盟', '。', 'ﾊﾟ', 'ハ\u3099', '\u200B', 'é', 'e\u0301', 'İ');
  const str = (max: number) => fc.array(ch, { maxLength: max }).map((a) => a.join(''));

  it('never says "no" when the normalised text holds a keyword (boundaries aside)', () => {
    fc.assert(
      fc.property(fc.array(str(4), { minLength: 1, maxLength: 8 }), str(40), (raw, text) => {
        const keywords = raw.map(normaliseText).filter(Boolean);
        const m = new KeywordMatcher(keywords.map((keyword, owner) => ({ keyword, owner })));
        const norm = normaliseText(text);
        if (keywords.some((k) => norm.includes(k))) expect(m.mayMatch(text)).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it.each([
    ['ENABLE   Content now', 'enable content', true],
    ['ＰＡＳＳＷＯＲＤ：abc', 'password:', true],
    ['添付の\u3000パスワード', 'パスワード', true],
    ['ﾊﾟｽﾜｰﾄﾞ', 'パスワード', true],
    ['パス\u200Bワード', 'パスワード', true],
    ['Plain English newsletter with no lure', 'password', false],
    ['会議の資料を送ります。', 'パスワード', false],
    ['enable\u00A0\u00A0content', 'enable content', true],
  ])('%j with %j: %s', (text, keyword, expected) => {
    const m = new KeywordMatcher([{ keyword, owner: 0 }]);
    expect(m.mayMatch(text)).toBe(expected);
    expect(m.search(normaliseText(text)).length > 0).toBe(expected);
  });
});

describe('cachedHostInfo', () => {
  it.each([
    'https://www.mofa.go.jp/mofaj/index.html',
    'http://evil.example.co.jp',
    'https://a.b.example.com?x=1',
    'ftp://files.example.org/#x',
    'https://user@evil.example.com/',
    'https://good.example.com:8443@evil.example.net/',
    'HTTPS://WWW.Example.COM/',
    'https://xn--mfa-sed.go.jp/',
    'https://-bad-.example.com/',
    'https://45.32.13.180/a',
    'https://sub.tenant.sharepoint.com/x',
    'https://a..b.com/',
    'example.com',
    'alice@example.com',
    '',
  ])('%s parses as without the cache', (input) => {
    const cache: HostCache = new Map();
    expect(cachedHostInfo(cache, input)).toEqual(hostInfo(input));
    // Second look-up (from the cache, possibly via a host-keyed entry) is the same too.
    expect(cachedHostInfo(cache, input)).toEqual(hostInfo(input));
  });

  it('a URL and its bare host share one entry only when they parse alike', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const url = fc.tuple(fc.constantFrom('http', 'https', 'ftp'), fc.array(label, { minLength: 1, maxLength: 4 }), fc.constantFrom('com', 'jp', 'co.jp', 'xyz', 'zip', 'invalidtld'), fc.constantFrom('', '/', '/p?q=1', '#f', '?a'));
    fc.assert(
      fc.property(fc.array(url, { minLength: 1, maxLength: 6 }), (urls) => {
        const cache: HostCache = new Map();
        for (const [scheme, labels, tld, rest] of urls) {
          const host = `${labels.join('.')}.${tld}`;
          for (const input of [`${scheme}://${host}${rest}`, host]) expect(cachedHostInfo(cache, input)).toEqual(hostInfo(input));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('skeleton ASCII fast path', () => {
  /** The general path, applied to every label (what skeleton did before the fast path). */
  const CONFUSABLE_ASCII: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '5': 's', '|': 'l', i: 'l' };
  function reference(label: string): string {
    let s = toUnicodeHost(label.toLowerCase()).normalize('NFKC').normalize('NFD').replace(/\p{M}/gu, '');
    for (let pass = 0; pass < 2; pass++) s = [...s].map((c) => CONFUSABLE_ASCII[c] ?? c).join('');
    return s.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd');
  }

  it('equals the general path on ASCII labels', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9|.-]{0,20}$/), (label) => {
        expect(skeleton(label)).toBe(reference(label));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['m0fa', 'mofa'],
    ['rnofa', 'mofa'],
    ['MOFA', 'mofa'],
    ['1i|l', 'llll'],
    ['xn--mfa-sed', 'mofa'],
  ])('skeleton(%s) = %s', (input, expected) => {
    expect(skeleton(input)).toBe(expected);
  });
});

describe('refang (shared by the engine and the IOC parser)', () => {
  it.each([
    ['{dot}', 'example{dot}com', 'example.com'],
    ['[/]', 'hxxps://evil[.]com[/]a', 'https://evil.com/a'],
    ['(@) and {at}', 'a(@)x.jp b{at}y.jp', 'a@x.jp b@y.jp'],
    ['fxp', 'fxp://files[.]example.org', 'ftp://files.example.org'],
    ['upper-case scheme comes out lower case', 'HXXPS://Evil.com', 'https://Evil.com'],
    ['h**p', 'h**p[:]//x[.]com', 'http://x.com'],
    ['scheme later in a sentence', 'see hxxp://x[.]com now', 'see http://x.com now'],
    ['nested brackets are not completed by a replacement', 'a[[.]]b [[:]] [[.]at]', 'a[.]b [:] [.at]'],
    ['ordinary brackets and words survive', 'meet (at noon) [draft] {x}', 'meet (at noon) [draft] {x}'],
    ['hxxp without a colon is a word', 'hxxp is slang', 'hxxp is slang'],
  ])('%s', (_n, input, expected) => {
    expect(refang(input)).toBe(expected);
  });

  /** The forms applied one after another (the engine's old refang, extended with the IOC parser's forms). */
  function sequential(s: string): string {
    return s
      .replace(/\b(?:h(?:xx|\*\*)p(s?)|fxp)(?=\[?:)/gi, (m: string, sfx: string | undefined) => (m.toLowerCase() === 'fxp' ? 'ftp' : `http${(sfx ?? '').toLowerCase()}`))
      .replace(/\[:\/\/\]/g, '://')
      .replace(/\[:\]/g, ':')
      .replace(/\[\/\]/g, '/')
      .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}/gi, '.')
      .replace(/\[@\]|\(@\)|\[at\]|\(at\)|\{at\}/gi, '@');
  }

  it('one pass equals applying the forms in sequence', () => {
    const piece = fc.constantFrom('[', ']', '(', ')', '{', '}', '.', ':', '/', '@', 'at', 'dot', '[.]', '[:]', 'hxxp', 'HXXPS', 'h**p', 'fxp', 's', 'x', ' ', 'a');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
        const s = parts.join('');
        expect(refang(s)).toBe(sequential(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('evidence values carry no field prefix', () => {
  const encrypted = { code: 'archive-encrypted' as const, where: 'attachment:data.zip' };
  it.each([
    ['mf-attachment-encrypted-archive', msg({ incomplete: [encrypted] })],
    ['mf-body-password-with-encrypted', msg({ text: 'パスワード: abc123', incomplete: [encrypted] })],
  ])('%s', (ruleId, message) => {
    const v = evaluate(message, testPack(), { trustedDomains: [], protectedDomains: [] });
    const f = v.findings.find((x) => x.rule === ruleId);
    expect(f).toBeDefined();
    const ev = f?.evidence.find((e) => e.field === 'attachment');
    expect(ev).toEqual({ field: 'attachment', value: 'data.zip', display: 'data[.]zip' });
    for (const e of v.findings.flatMap((x) => x.evidence)) {
      expect(e.value.startsWith(`${e.field}:`)).toBe(false);
      expect(e.display.startsWith(`${e.field}:`)).toBe(false);
    }
  });
});
