import { defang, fileExtensions, normaliseText, refang } from './text';
import { decodePunycode, toUnicodeHost } from './punycode';
import { editDistance, hostInfo, skeleton } from './domain';
import { KeywordMatcher } from './keyword-matcher';

describe('normaliseText', () => {
  it.each([
    ['full-width Latin folds', 'ＥＮＡＢＬＥ　Ｃｏｎｔｅｎｔ', 'enable content'],
    ['half-width katakana folds', 'ﾊﾟｽﾜｰﾄﾞ', 'パスワード'],
    ['zero-width space inside a keyword', '日米\u200B同盟', '日米同盟'],
    ['invisible separator (U+2064) as seen in osst phishing', 'メルカ\u2064リ', 'メルカリ'],
    ['bidi override removed', 'abc\u202Edef', 'abcdef'],
    ['BOM and word joiner removed', '\uFEFFtai\u2060wan', 'taiwan'],
    ['whitespace collapsed and trimmed', '  a \t\n b  ', 'a b'],
    ['circled digits become digits', '①②', '12'],
    ['non-string is empty', 42 as unknown as string, ''],
  ])('%s', (_n, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });
});

describe('defang', () => {
  it.each([
    ['http URL', 'http://example.com/a', 'hxxp[:]//example[.]com/a'],
    ['https URL with subdomain', 'https://www.mofa.go.jp/x.html', 'hxxps[:]//www[.]mofa[.]go[.]jp/x.html'],
    ['bare domain', 'www.ninesmn.com', 'www[.]ninesmn[.]com'],
    ['already defanged stays defanged', 'hxxp[:]//a[.]com', 'hxxp[:]//a[.]com'],
    ['RLO made visible', '資料\u202Excod.exe', '資料<U+202E>xcod.exe'],
    ['file name with a TLD-like extension', 'report.zip', 'report[.]zip'],
    ['zero-width made visible', 'a\u200Bb', 'a<U+200B>b'],
    ['control char made visible', 'a\u0007b', 'a<U+0007>b'],
    ['plain Japanese untouched', '勉強会のご案内', '勉強会のご案内'],
  ])('%s', (_n, input, expected) => {
    expect(defang(input)).toBe(expected);
  });

  it('truncates long values and marks the cut', () => {
    const out = defang('x'.repeat(1000));
    expect(out.length).toBe(201);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('refang', () => {
  it.each([
    ['hxxp[:]//', 'hxxp[:]//5.8.95[.]174/a', 'http://5.8.95.174/a'],
    ['hxxps://', 'hxxps://www.aesorunwe[.]com', 'https://www.aesorunwe.com'],
    ['(.) and [dot]', 'example(.)com and example[dot]org', 'example.com and example.org'],
    ['[://]', 'http[://]a.com', 'http://a.com'],
    ['[@] and [at]', 'spy[@]x.com spy[at]y.com', 'spy@x.com spy@y.com'],
    ['ordinary text unchanged', 'meeting at 10.00', 'meeting at 10.00'],
  ])('%s', (_n, input, expected) => {
    expect(refang(input)).toBe(expected);
  });

  it('round-trips defang for URLs', () => {
    expect(refang(defang('http://www.ninesmn.com/path'))).toBe('http://www.ninesmn.com/path');
  });
});

describe('punycode (RFC 3492)', () => {
  it.each([
    ['mnchen-3ya', 'münchen'],
    ['bcher-kva', 'bücher'],
    ['wgv71a119e', '日本語'],
    ['3B-ww4c5e180e575a65lsy2b', '3年B組金八先生'],
    ['-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n', '安室奈美恵-with-SUPER-MONKEYS'],
    ['mfa-sed', 'm\u043efa'],
    ['ja-hoca', 'j\u0456\u0456a'],
  ])('decodes %s', (input, expected) => {
    expect(decodePunycode(input)).toBe(expected);
  });

  it.each([['abc-!'], ['zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz9'], ['a-']])('rejects %s', (input) => {
    const r = decodePunycode(input);
    // "a-" is a valid all-basic label; the others are invalid
    if (input === 'a-') expect(r).toBe('a');
    else expect(r).toBeNull();
  });

  it('decodes only xn-- labels of a host', () => {
    expect(toUnicodeHost('xn--wgv71a119e.example.jp')).toBe('日本語.example.jp');
  });
});

describe('domain helpers', () => {
  it.each([
    ['mofa', 'mofa'],
    ['m0fa', 'mofa'],
    ['rnofa', 'mofa'],
    ['xn--mfa-sed', 'mofa'],
    ['xn--ja-hoca', 'jlla'],
    ['jiia', 'jlla'],
    ['jila', 'jlla'],
  ])('skeleton(%s) = %s', (input, expected) => {
    expect(skeleton(input)).toBe(expected);
  });

  it.each([
    ['kyodonews', 'kyodonevvs', 2, 2],
    ['kyodonews', 'kyodonew', 2, 1],
    ['mofa', 'mofa', 0, 0],
    ['abcdef', 'uvwxyz', 2, 3],
  ])('editDistance(%s, %s) within %i → %i', (a, b, max, expected) => {
    expect(editDistance(a, b, max)).toBe(expected);
  });

  it.each([
    ['https://www.mofa.go.jp/a', 'mofa.go.jp', 'go.jp', 'mofa'],
    ['tenant.sharepoint.com', 'sharepoint.com', 'com', 'sharepoint'],
    ['45.32.13.180', '', '', ''],
  ])('hostInfo(%s)', (input, domain, suffix, label) => {
    const h = hostInfo(input);
    expect([h.domain, h.suffix, h.label]).toEqual([domain, suffix, label]);
  });
});

describe('KeywordMatcher', () => {
  const m = new KeywordMatcher(
    ['日米同盟', '同盟', 'pass', 'foip', 'enable content'].map((keyword, owner) => ({ keyword, owner })),
  );
  it.each([
    ['overlapping Japanese keywords both found', '日米同盟の強化', ['日米同盟', '同盟']],
    ['ASCII keyword respects word boundaries', 'passenger list', []],
    ['ASCII keyword at a boundary', 'pass: 1234', ['pass']],
    ['keyword next to Japanese text', 'パスワードはpassです', ['pass']],
    ['multi-word keyword', 'please enable content now', ['enable content']],
    ['nothing', '本日の会議', []],
  ])('%s', (_n, text, expected) => {
    expect(m.search(text).map((h) => h.keyword).sort()).toEqual([...expected].sort());
  });

  it('finds every overlapping match via fail links (classic he/she/his/hers)', () => {
    const ac = new KeywordMatcher(['he', 'she', 'his', 'hers'].map((keyword, owner) => ({ keyword, owner })));
    // word boundaries apply to ASCII keywords, so test inside one token with boundaries at its ends
    expect(ac.search('ushers').map((h) => `${h.keyword}@${h.start}`)).toEqual([]);
    const inner = new KeywordMatcher(['へ', 'しへ', 'ひす', 'へれす'].map((keyword, owner) => ({ keyword, owner })));
    expect(inner.search('うしへれす').map((h) => `${h.keyword}@${h.start}`).sort()).toEqual(['しへ@1', 'へ@2', 'へれす@2'].sort());
  });

  it('caps hits per group so one list cannot crowd out another', () => {
    const m2 = new KeywordMatcher([{ keyword: 'pw', owner: 0 }, { keyword: '台湾海峡', owner: 1 }]);
    const groups = Int32Array.from([0, 1]);
    const hits = m2.search(`${'pw '.repeat(50)}台湾海峡`, 5, groups);
    expect(hits.filter((h) => h.owner === 0)).toHaveLength(5);
    expect(hits.filter((h) => h.owner === 1)).toHaveLength(1);
  });

  it('handles astral characters without losing sync', () => {
    const m2 = new KeywordMatcher([{ keyword: '𠮷野家', owner: 0 }]);
    expect(m2.search('🍣𠮷野家へ').map((h) => h.start)).toEqual([2]);
  });
});

describe('fileExtensions', () => {
  it.each([
    ['資料.pdf.exe', ['pdf', 'exe']],
    ['a.doc      .exe', ['doc', 'exe']],
    ['x.docx\u200B.lnk', ['docx', 'lnk']],
    ['dir/inner.zip', ['zip']],
    ['README', []],
    ['trailing. . ', []],
  ])('%s', (name, expected) => {
    expect(fileExtensions(name)).toEqual(expected);
  });
});
