/**
 * The engine's fast paths must give exactly what the plain algorithms give: each is checked
 * against a slow reference written here (property tests), plus tables for the evidence and
 * refang fixes that came with them.
 */
import * as fc from 'fast-check';
import { bodyHosts, bodyUrls, MAX_FIELD_CHARS, MAX_HEADERS, MAX_LINKS, MAX_MAILBOXES, sanitiseMessage } from './context';
import { embeds, fuzzBudget, IMPERSONATION_TOKENS, looksLikeAny, MIN_FUZZY_LABEL, MIN_SUFFIX_SWAP_LABEL, MIN_WORD_EMBED_LABEL, prepareProtected } from './detectors/lookalike-domain';
import type { Protected } from './detectors/lookalike-domain';
import { MAY_SHOW_DOMAIN } from './detectors/link-text-mismatch';
import { combine, combineFindings } from './combine';
import { compilePack, matchUrlList, normaliseUrl } from './compile';
import { evaluate } from './evaluate';
import { cachedHostInfo, editDistance, hostInfo, plainUrlHost, skeleton } from './domain';
import type { HostCache, HostInfo } from './domain';
import { KeywordMatcher, normalisedUnit } from './keyword-matcher';
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

  // search's contract: keywords and text are normalised, so no two spaces in a row.
  const collapse = (s: string): string => s.replace(/ {2,}/g, ' ');

  it('finds the same hits as brute force, and as the fail-link path', () => {
    fc.assert(
      fc.property(fc.array(str(5).map(collapse), { minLength: 1, maxLength: 12 }), str(60).map(collapse), (keywords, text) => {
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
  // Raw pieces: boundary units the pre-check maps itself, and everything NFKC, case folding or
  // invisible-character removal treats specially (combining marks, jamo, half-width kana,
  // compatibility forms, ligatures, sigma, dotted capital I, lone surrogates, odd spaces).
  const piece = fc.constantFrom(
    'a', 'B', 'p', 'S', '1', ' ', '\t', '\n', '\r\n', '\u00A0', '\u3000', '\u2003', '\u2028', '\u1680', '\u0085', '\u000B',
    'Ａ', 'ｓ', '１', '：', 'パ', 'ス', 'ワ', 'ー', 'ド', 'か', '同', '盟', '。', '々',
    'ﾊﾟ', 'ｶﾞ', 'ハ\u3099', '\u3099', '\u309B', 'か\u3099', '\u200B', '\u202E', '\u00AD', '\uFEFF',
    'é', 'e\u0301', '\u0301', '\u0323\u0301', 'İ', 'Σ', 'ΑΣ', 'σ', 'ς', 'ß', 'ﬁ', '㌔', '①', '℡', 'Ⅻ',
    '\u1100', '\u1161', '\u11A8', '\uFFC2', '\uFFA1', '한', '\uD83D', '\uDE00', '😀', '\uD800', '’', '…', '©', 'ö', 'ª',
    'Д', 'д', '\u0419', '\u0483', '\uFFFD', '━', '\u200C', 'ſ', 'K',
  );
  const raw = (max: number) => fc.array(piece, { maxLength: max }).map((a) => a.join(''));

  it('never says "no" when the normalised text holds a keyword (boundaries aside)', () => {
    let held = 0;
    fc.assert(
      // Texts often embed one of the raw keywords, so keywords that span a composed or folded
      // character (ﾊﾟｽﾜｰﾄﾞ, e + U+0301) are tested where it matters, not just by chance.
      fc.property(fc.array(raw(4), { minLength: 1, maxLength: 8 }), raw(20), fc.nat(), raw(20), fc.boolean(), (rawKeywords, before, pick, after, embed) => {
        const keywords = rawKeywords.map(normaliseText).filter(Boolean);
        const m = new KeywordMatcher(keywords.map((keyword, owner) => ({ keyword, owner })));
        const text = embed ? before + (rawKeywords[pick % rawKeywords.length] ?? '') + after : before + after;
        const norm = normaliseText(text);
        if (keywords.some((k) => norm.includes(k))) {
          held++;
          expect(m.mayMatch(text)).toBe(true);
        }
      }),
      { numRuns: 4000 },
    );
    expect(held).toBeGreaterThan(1000);
  });

  it.each([
    ['ENABLE   Content now', 'enable content', true],
    ['ＰＡＳＳＷＯＲＤ：abc', 'password:', true],
    ['添付の\u3000パスワード', 'パスワード', true],
    ['ﾊﾟｽﾜｰﾄﾞ', 'パスワード', true],
    ['パス\u200Bワード', 'パスワード', true],
    ['enable\u00A0\u2003\ncontent', 'enable content', true],
    ['㌔グラム', 'キロ', true],
    ['caf\u00e9 password', 'password', true],
    ['Plain English newsletter with no lure', 'password', false],
    ['会議の資料を送ります。', 'パスワード', false],
    ['Café’s menu, naïve résumé, Привет', 'password', false],
  ])('%j with %j: %s', (text, keyword, expected) => {
    const m = new KeywordMatcher([{ keyword, owner: 0 }]);
    expect(m.mayMatch(text)).toBe(expected);
    expect(m.search(normaliseText(text)).length > 0).toBe(expected);
  });

  it('possibleGroups never leaves out a group whose keyword the normalised text holds', () => {
    let held = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(raw(4), fc.nat(3)), { minLength: 1, maxLength: 8 }), raw(20), fc.nat(), raw(20), (entries, before, pick, after) => {
        const keywords = entries.map(([k, g]) => ({ keyword: normaliseText(k), group: g })).filter((e) => e.keyword);
        const m = new KeywordMatcher(keywords.map((e, owner) => ({ keyword: e.keyword, owner })));
        const groups = Int32Array.from(keywords, (e) => e.group);
        const text = before + (entries[pick % entries.length]?.[0] ?? '') + after;
        const norm = normaliseText(text);
        const bits = m.possibleGroups(text, groups);
        for (const e of keywords) {
          if (!norm.includes(e.keyword)) continue;
          held++;
          expect(bits & (1 << e.group)).not.toBe(0);
        }
      }),
      { numRuns: 3000 },
    );
    expect(held).toBeGreaterThan(1000);
  });

  it('possibleGroups leaves out groups with nothing in the text', () => {
    const m = new KeywordMatcher(['password', 'enable content', '日米同盟'].map((keyword, owner) => ({ keyword, owner })));
    const groups = Int32Array.from([0, 1, 2]);
    expect(m.possibleGroups('Your PASSWORD is below', groups)).toBe(0b001);
    expect(m.possibleGroups('日米同盟 and Enable  Content', groups)).toBe(0b110);
    expect(m.possibleGroups('nothing at all', groups)).toBe(0);
  });

  it('may say true where search then finds nothing (it stops at the first possible hit)', () => {
    const m = new KeywordMatcher([{ keyword: 'cafe', owner: 0 }]);
    expect(m.mayMatch('cafe\u0301')).toBe(true);
    expect(m.search(normaliseText('cafe\u0301'))).toEqual([]);
  });

  it('with no dense table it cannot tell, and says true', () => {
    expect(new KeywordMatcher([{ keyword: 'password', owner: 0 }], { maxTableCells: 0 }).mayMatch('nothing here')).toBe(true);
    expect(new KeywordMatcher([]).mayMatch('password')).toBe(false);
  });
});

describe('boundary units (what mayMatch maps without NFKC)', () => {
  const units = Array.from({ length: 0x10000 }, (_x, c) => c);
  const boundaries = units.filter((c) => normalisedUnit(c) >= 0);

  it('each normalises to the unit normalisedUnit gives, whatever surrounds it', () => {
    for (const c of boundaries) {
      const u = String.fromCharCode(normalisedUnit(c));
      for (const [a, b] of [['x', 'x'], ['', ''], ['日', 'ア']]) {
        const expected = normaliseText(`${a}${u}${b}`);
        const got = normaliseText(`${a}${String.fromCharCode(c)}${b}`);
        if (got !== expected) throw new Error(`U+${c.toString(16)}: ${JSON.stringify(got)} is not ${JSON.stringify(expected)}`);
      }
    }
    // ASCII, Latin, Greek, Cyrillic, kana, kanji, full-width forms and most symbols are boundary units.
    expect(boundaries.length).toBeGreaterThan(50_000);
  });

  it('none starts (after compatibility decomposition) with something canonical composition joins backwards', () => {
    // Everything that can be the second part of a composition, found from the data itself: the
    // later characters of every canonical decomposition, and the combining marks.
    const later = new Set<number>();
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const d = [...String.fromCodePoint(cp).normalize('NFD')].map((x) => x.codePointAt(0) as number);
      for (const x of d.slice(1)) later.add(x);
    }
    const bad = boundaries.filter((c) => {
      const first = String.fromCharCode(c).normalize('NFKD').codePointAt(0) as number;
      return later.has(first) || /\p{M}/u.test(String.fromCodePoint(first));
    });
    expect(bad).toEqual([]);
  });

  it('NFKC of any BMP unit followed by one gives the two normal forms side by side', () => {
    const samples = [...'aZ0 ~\tＡｚ！\u00A0\u3000かゔカヴー一龥。々〜〈éÉªДй’“━\uFFFDΩ\u2003ﾊ'].map((x) => x.charCodeAt(0));
    for (const b of samples) expect(normalisedUnit(b)).toBeGreaterThanOrEqual(0);
    for (let x = 0; x < 0x10000; x++) {
      const before = String.fromCharCode(x);
      for (const b of samples) {
        const s = String.fromCharCode(b);
        if ((before + s).normalize('NFKC') !== before.normalize('NFKC') + s.normalize('NFKC')) throw new Error(`U+${x.toString(16)} joins U+${b.toString(16)}`);
      }
    }
  });

  it.each([
    ['combining acute', 0x0301],
    ['Hangul medial vowel', 0x1161],
    ['half-width Hangul vowel (decomposes to a medial vowel)', 0xffc2],
    ['half-width voiced sound mark', 0xff9e],
    ['zero-width space', 0x200b],
    ['capital sigma', 0x03a3],
    ['dotted capital I (two units in lower case)', 0x0130],
    ['ellipsis (three units)', 0x2026],
    ['high surrogate', 0xd83d],
  ])('%s is not a boundary unit', (_n, c) => {
    expect(normalisedUnit(c)).toBe(-1);
  });
});

describe('sanitiseMessage (checks well-formed arrays instead of copying them)', () => {
  // The plain definition: every object item copied field by field, anything else dropped.
  const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, MAX_FIELD_CHARS) : '');
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  const plainHeaders = (v: unknown) => (Array.isArray(v) ? v.slice(0, MAX_HEADERS).filter(isObj).map((h) => ({ name: str(h.name), value: str(h.value) })) : []);
  const plainLinks = (v: unknown) =>
    Array.isArray(v) ? v.slice(0, MAX_LINKS).filter(isObj).map((l) => ({ href: str(l.href), text: str(l.text), origin: l.origin === 'html' ? 'html' : 'text' })) : [];
  const field = fc.oneof(fc.string({ maxLength: 5 }), fc.constant('x'.repeat(MAX_FIELD_CHARS + 1)), fc.constant(undefined), fc.integer(), fc.constant(null));
  const header = fc.oneof({ weight: 5, arbitrary: fc.record({ name: fc.string({ maxLength: 5 }), value: fc.string({ maxLength: 5 }) }) }, fc.record({ name: field, value: field }), fc.constant(null), fc.constant(undefined), fc.string(), fc.integer());
  const link = fc.oneof(
    { weight: 5, arbitrary: fc.record({ href: fc.string({ maxLength: 5 }), text: fc.string({ maxLength: 5 }), origin: fc.constantFrom('html', 'text') }) },
    fc.record({ href: field, text: field, origin: fc.constantFrom('html', 'text', 'HTML', undefined, 3) }),
    fc.constant(null),
    fc.constant(undefined),
    fc.string(),
  );

  const plainBox = (v: unknown) => (isObj(v) ? { name: str(v.name), address: str(v.address).toLowerCase().trim() } : undefined);
  const plainBoxes = (v: unknown) => (Array.isArray(v) ? v.slice(0, MAX_MAILBOXES).map(plainBox).filter((x) => x !== undefined) : []);
  const box = fc.oneof(
    { weight: 5, arbitrary: fc.record({ name: fc.string({ maxLength: 5 }), address: fc.constantFrom('a@example.jp', 'b@x.example') }) },
    fc.record({ name: field, address: fc.oneof(field, fc.constantFrom(' A@Example.JP ', 'Ｂ@x.example', 'İ@x.example')) }),
    fc.constant(null),
    fc.constant(undefined),
  );

  it('gives what copying every item gives', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(header, { maxLength: 8 }), fc.constant(undefined), fc.string()),
        fc.oneof(fc.array(link, { maxLength: 8 }), fc.constant(7)),
        fc.oneof(fc.array(box, { maxLength: 4 }), fc.constant({})),
        box,
        (headers, links, to, from) => {
          const { message } = sanitiseMessage({ headers, links, to, cc: to, replyTo: to, from, sender: from });
          expect(message.headers.map((h) => ({ name: h.name, value: h.value }))).toEqual(plainHeaders(headers));
          expect(message.links.map((l) => ({ href: l.href, text: l.text, origin: l.origin }))).toEqual(plainLinks(links));
          for (const got of [message.to, message.cc, message.replyTo]) expect(got.map((b) => ({ name: b.name, address: b.address }))).toEqual(plainBoxes(to));
          for (const got of [message.from, message.sender]) expect(got && { name: got.name, address: got.address }).toEqual(plainBox(from));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('caps arrays longer than the limit, and keeps well-formed ones as they are', () => {
    const headers = Array.from({ length: MAX_HEADERS + 5 }, (_x, i) => ({ name: `h${i}`, value: 'v' }));
    expect(sanitiseMessage({ headers }).message.headers).toHaveLength(MAX_HEADERS);
    const links = [{ href: 'https://a.example/', text: 'a', origin: 'html' }];
    expect(sanitiseMessage({ links }).message.links).toBe(links);
  });
});

describe('bodyHosts (one pass, copying only qualifying tokens)', () => {
  // The plain definition: every dotted token, trimmed, lower-cased, de-duplicated, then kept if
  // it is an IPv4 address or ends in a label of two or more characters starting with a letter.
  function plain(text: string, maxHosts: number): { host: string; isIp: boolean }[] {
    const isHost = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9.-]/.test(c);
    const tokens: string[] = [];
    let from = 0;
    for (;;) {
      const dot = text.indexOf('.', from);
      if (dot < 0) break;
      let a = dot;
      while (a > 0 && isHost(text[a - 1])) a--;
      let b = dot + 1;
      while (b < text.length && isHost(text[b])) b++;
      from = b > dot + 1 ? b : dot + 1;
      if (a === dot || b === dot + 1) continue;
      tokens.push(text.slice(a, b).replace(/^[.-]+/, '').replace(/[.-]+$/, ''));
    }
    const seen = new Set<string>();
    const out: { host: string; isIp: boolean }[] = [];
    for (const t of tokens) {
      const h = t.toLowerCase();
      if (seen.has(h) || h.length > 253 || !h.includes('.')) continue;
      seen.add(h);
      const isIp = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(h);
      if (!isIp && !/\.[a-z][a-z0-9-]+$/.test(h)) continue;
      out.push({ host: h, isIp });
      if (out.length >= maxHosts) break;
    }
    return out;
  }
  const piece = fc.constantFrom('a', 'B', 'x1', '-', '.', '..', ' ', '1', '10', '256', '192.168.0.1', 'www.Example.COM', 'jp', 'e.g.', 'v1.2', '3.14', '日本', '。', '_', 'co.jp-', '.-a');

  it('finds exactly what tokenising, then filtering, finds', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }).map((x) => x.join('')), fc.integer({ min: 1, max: 4 }), (t, maxHosts) => {
        expect(bodyHosts(t, maxHosts)).toEqual(plain(t, maxHosts));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('bodyUrls (indexOf instead of a regex tried at every position)', () => {
  const RE = /\b(?:https?|ftp):\/\/[^\s<>"'()\[\]{}]+/gi;
  const piece = fc.constantFrom('http', 'HTTPS', 'hTtPs', 'ftp', 'FTP', 's', 'p', '://', ':/', '/', ':', 'a', 'x', '_', '1', '.', ',', ' ', '\t', '\n', '\u00A0', '\u3000', '\u2028', '\uFEFF', '"', "'", '(', ']', '{', '<', 'é', 'ſ', 'K', 'ｈｔｔｐ', '\u200B');
  const text = fc.array(piece, { maxLength: 30 }).map((x) => x.join(''));

  it('finds exactly what the regex finds', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(bodyUrls(t)).toEqual([...t.matchAll(RE)].map((m) => m[0]));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['see https://a.example/x, and ftp://b.example.', ['https://a.example/x,', 'ftp://b.example.']],
    ['xhttp://a.example https://b://c', ['https://b://c']],
    ['(http://a.example)"http://b.example"', ['http://a.example', 'http://b.example']],
    ['http:// nothing', []],
  ])('%j', (t, expected) => {
    expect(bodyUrls(t)).toEqual(expected);
    expect([...t.matchAll(RE)].map((m) => m[0])).toEqual(expected);
  });
});

describe('editDistance (banded)', () => {
  /** The textbook full table. */
  function levenshtein(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_r, i) => Array.from({ length: b.length + 1 }, (_c, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const row = d[i] as number[];
        const up = d[i - 1] as number[];
        row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
    }
    return (d[a.length] as number[])[b.length] as number;
  }
  const label = fc.array(fc.constantFrom('a', 'b', 'm', 'o', 'f', '-', '1'), { maxLength: 12 }).map((x) => x.join(''));

  it('is the exact distance when within max, else max + 1', () => {
    fc.assert(
      fc.property(label, label, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        expect(editDistance(a, b, max)).toBe(Math.min(levenshtein(a, b), max + 1));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('looksLikeAny (indexed) against every protected entry in turn', () => {
  /** The look-alike tests for one protected entry, written out plainly. */
  function looksLike(cand: HostInfo, candSkel: string, p: Protected, tokens: readonly string[]): boolean {
    if (!cand.domain || cand.domain === p.host.domain) return false;
    const label = cand.label;
    if (candSkel === p.skel && (label !== p.host.label || p.host.label.length >= MIN_SUFFIX_SWAP_LABEL)) return true;
    const budget = fuzzBudget(p.host.label.length);
    if (budget > 0 && candSkel.length >= MIN_FUZZY_LABEL && editDistance(candSkel, p.skel, budget) <= budget) return true;
    if (label.includes(p.dashed) || (p.multiLabel && label === p.undotted)) return true;
    const l = p.host.label;
    if (tokens.length > 1) return tokens.includes(l) && l.length >= (tokens.some((t) => IMPERSONATION_TOKENS.has(t)) ? 3 : MIN_WORD_EMBED_LABEL);
    if (label.length <= 4 || l.length < 3 || l.includes('-') || label.length <= l.length) return false;
    return (label.startsWith(l) && IMPERSONATION_TOKENS.has(label.slice(l.length))) || (label.endsWith(l) && IMPERSONATION_TOKENS.has(label.slice(0, -l.length)));
  }

  // Labels built from a protected label's own pieces, so skeleton, edit-distance, dashed, dotless,
  // token and embedded cases all come up often.
  const part = fc.constantFrom('mofa', 'm0fa', 'rnofa', 'mod', 'nids', 'kantei', 'kanteii', 'jiia', 'nhk', 'go', 'jp', 'or', 'mail', 'secure', 'x', '-', '.', 'kyodonews', 'kyodonevvs', 'koho', 'gov', 'osaka');
  const label = fc.array(part, { minLength: 1, maxLength: 4 }).map((x) => x.join('').replace(/^[-.]+|[-.]+$/g, '') || 'x');
  const suffix = fc.constantFrom('com', 'go.jp', 'or.jp', 'jp', 'net', 'co.jp');
  const host = fc.tuple(label, suffix).map(([l, sfx]) => `${l}.${sfx}`);
  const protectedSet = fc.array(host, { minLength: 1, maxLength: 6 });
  const base = ['mofa.go.jp', 'nids.mod.go.jp', 'kantei.go.jp', 'jiia.or.jp', 'nhk.or.jp', 'kyodonews.jp'];

  it('gives the same answer', () => {
    fc.assert(
      fc.property(protectedSet, fc.array(host, { minLength: 1, maxLength: 10 }), (extra, candidates) => {
        const prepared = prepareProtected([...base, ...extra]);
        for (const c of candidates) {
          const info = hostInfo(c);
          if (!info.domain) continue;
          const skel = skeleton(info.label);
          const tokens = info.label.split('-');
          const slow = prepared.list.some((p) => looksLike(info, skel, p, tokens) || embeds(info.host, p));
          expect(looksLikeAny(prepared, info, skel, tokens)).toBe(slow);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('plainUrlHost (a loop instead of a regex match)', () => {
  const RE = /^(?:https?|ftp):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/?#]|$)/i;
  const piece = fc.constantFrom('http://', 'https://', 'ftp://', 'HTTP://', 'Ftp://', 'http:/', 'htp://', 'a', 'z', 'Q', '0', '-', '.', '..', '/', '?', '#', ':', ':80', '@', '_', 'é', 'K', ' ', '\\');
  it('captures what the case-insensitive regex captures, in lower case', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((x) => x.join('')), (s) => {
        expect(plainUrlHost(s)).toBe(RE.exec(s)?.[1]?.toLowerCase());
      }),
      { numRuns: 5000 },
    );
  });
  it.each(['https://www.mofa.go.jp/a', 'http://a.b', 'ftp://x-1.y?q', 'HTTPS://WWW.Example.COM/', 'http://a..b/', 'http://a.b./', 'http://a/', 'https://a.b:443/', 'https://a.b#f', 'https://a_b.example/'])('%s', (s) => {
    expect(plainUrlHost(s)).toBe(RE.exec(s)?.[1]?.toLowerCase());
  });
});

describe('MAY_SHOW_DOMAIN (link text skipped before normalising)', () => {
  it('matches every code point whose NFKC form holds a full stop', () => {
    const missed: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (ch.normalize('NFKC').includes('.') && !MAY_SHOW_DOMAIN.test(ch)) missed.push(cp.toString(16));
    }
    expect(missed).toEqual([]);
  });
});

describe('combine with nothing found (no arrays built)', () => {
  it('gives what the general path gives', () => {
    const domains = fc.array(fc.constantFrom('example.go.jp', 'gmail.com', ''), { maxLength: 2 });
    fc.assert(
      fc.property(domains, fc.constantFrom('example.go.jp', 'gmail.com', ''), fc.boolean(), fc.boolean(), fc.boolean(), fc.nat(2), (trusted, from, freemail, dmarc, encrypted, nIncomplete) => {
        const input = {
          findings: [],
          incomplete: Array.from({ length: nIncomplete }, () => ({ code: 'archive-encrypted' as const })),
          policy: { trustedDomains: trusted, protectedDomains: [] },
          fromRegistrable: from,
          fromFreemail: freemail,
          dmarcPassForFrom: dmarc,
          hasEncrypted: encrypted,
        };
        expect(combine(input)).toEqual(combineFindings(input));
      }),
      { numRuns: 300 },
    );
  });
});


describe('matchUrlList (normalises only links on a listed origin)', () => {
  const piece = fc.constantFrom('http://', 'HTTPS://', 'hxxps://', 'ftp://', 'h', 'a.example', 'A.Example', 'b.example', 'user@', ':80', ':443', ':8080', '/', '/x', '?q=1', '#f', '[.]', ' ', 'K', '\u212A');
  const url = fc.array(piece, { maxLength: 7 }).map((x) => x.join(''));
  const listed = fc.array(url, { minLength: 1, maxLength: 4 });

  it('answers as comparing the normalised URL and its query-less prefix', () => {
    fc.assert(
      fc.property(listed, fc.array(url, { maxLength: 6 }), (values, links) => {
        const list = compilePack(testPack({ lists: [{ id: 'u', kind: 'url', description: 'u', entries: values.map((value) => ({ value, sources: ['test'], confidence: 'high' as const })) }] })).lists.get('u');
        if (!list) throw new Error('no list');
        for (const l of [...links, ...values, ...values.map((v) => `${v}/more?x`)]) {
          const u = normaliseUrl(l);
          const expected = list.values.has(u) || list.values.has(u.split(/[?#]/)[0] ?? u);
          expect(matchUrlList(list, l)).toBe(expected);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['http://172.104.112.218/11554.htm', true],
    ['HTTP://172.104.112.218/11554.htm?x=1', true],
    ['http://172.104.112.218:80/11554.htm/', true],
    ['http://172.104.112.218/other.htm', false],
    ['https://www.example.com/11554.htm', false],
  ])('%s against a listed campaign URL: %s', (link, expected) => {
    const list = compilePack(testPack()).lists.get('campaign-urls');
    if (!list) throw new Error('no list');
    expect(matchUrlList(list, link)).toBe(expected);
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
    'https://XN--MFA-SED.GO.JP/',
    'Ftp://Files.Example.ORG',
    'https://-bad-.example.com/',
    'https://-BAD-.Example.com/',
    `https://${'a'.repeat(3000)}.example.com/`,
    `https://www.example.com/${'p'.repeat(3000)}`,
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
    const label = fc.stringMatching(/^[a-zA-Z0-9-]{1,12}$/);
    const url = fc.tuple(fc.constantFrom('http', 'https', 'ftp', 'HTTPS', 'Http', 'fTp'), fc.array(label, { minLength: 1, maxLength: 4 }), fc.constantFrom('com', 'jp', 'co.jp', 'xyz', 'zip', 'invalidtld'), fc.constantFrom('', '/', '/p?q=1', '#f', '?a'));
    fc.assert(
      fc.property(fc.array(url, { minLength: 1, maxLength: 6 }), (urls) => {
        const cache: HostCache = new Map();
        for (const [scheme, labels, tld, rest] of urls) {
          const host = `${labels.join('.')}.${tld}`;
          for (const input of [`${scheme}://${host}${rest}`, host]) expect(cachedHostInfo(cache, input)).toEqual(hostInfo(input));
        }
      }),
      { numRuns: 1000 },
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
