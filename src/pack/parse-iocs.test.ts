import type { PackList } from '../engine/types';
import { classifyIoc, MAX_IOC_ERRORS, parseIocFile } from './parse-iocs';
import { refang } from '../engine';

const only = (lists: PackList[]): Array<[string, string]> => lists.flatMap((l) => l.entries.map((e) => [l.id, e.value] as [string, string]));

describe('refang', () => {
  it.each([
    ['example[.]com', 'example.com'],
    ['example(.)com', 'example.com'],
    ['example{.}com', 'example.com'],
    ['example[dot]co[dot]jp', 'example.co.jp'],
    ['hxxp://evil[.]com/a', 'http://evil.com/a'],
    ['hxxps[:]//evil[.]com', 'https://evil.com'],
    ['HXXPS://Evil.com', 'https://Evil.com'],
    ['hxxp[://]x.com', 'http://x.com'],
    ['fxp://files[.]example.org', 'ftp://files.example.org'],
    ['user[@]example.jp', 'user@example.jp'],
    ['user[at]example.jp', 'user@example.jp'],
    ['user(at)example.jp', 'user@example.jp'],
    ['plain.example.com', 'plain.example.com'],
  ])('%s -> %s', (input, expected) => {
    expect(refang(input)).toBe(expected);
  });
});

describe('classifyIoc', () => {
  it.each([
    // hashes of each length, upper case folded
    ['BCA533B3336240BC5CC68117408DEBDF', 'hash', 'bca533b3336240bc5cc68117408debdf'],
    ['e888a552b00d810b5521002304d4f11bc249d8ed', 'hash', 'e888a552b00d810b5521002304d4f11bc249d8ed'],
    ['1986ccf4d33b8dc291e7cbe73194a3e4cb617e37277ab93b7e320b6ea716f59d', 'hash', '1986ccf4d33b8dc291e7cbe73194a3e4cb617e37277ab93b7e320b6ea716f59d'],
    // domains
    ['www.ninesmn.com', 'domain', 'www.ninesmn.com'],
    ['MOFA-GO-JP.com', 'domain', 'mofa-go-jp.com'],
    ['*.evil.example.co.jp', 'domain', 'evil.example.co.jp'],
    ['evil.example.com.', 'domain', 'evil.example.com'],
    ['xn--80ak6aa92e.com', 'domain', 'xn--80ak6aa92e.com'],
    // IPs
    ['45.32.13.180', 'ip', '45.32.13.180'],
    ['2001:DB8::1', 'ip', '2001:db8::1'],
    ['[2001:db8:0:0:0:0:0:2]', 'ip', '2001:db8::2'],
    // URLs
    ['http://172.104.112.218/11554.htm', 'url', 'http://172.104.112.218/11554.htm'],
    ['https://Evil.Example.com/Path?q=1#frag', 'url', 'https://evil.example.com/Path?q=1#frag'],
    // e-mail
    ['Attacker@Example.co.jp', 'email', 'attacker@example.co.jp'],
  ])('%s is a %s', (input, kind, value) => {
    expect(classifyIoc(input)).toEqual({ kind, value });
  });

  it.each([
    ['a word', 'hello'],
    ['a bare public suffix', 'co.jp'],
    ['an unknown top-level domain', 'host.notatld'],
    ['a 31-digit hash', 'a'.repeat(31)],
    ['an out-of-range IPv4', '300.1.1.1'],
    ['a javascript: URL', 'javascript://alert(1)'],
    ['an e-mail without a domain', 'user@'],
    ['a registry key', 'HKEY_CURRENT_USER\\COM3'],
  ])('rejects %s', (_n, input) => {
    expect(classifyIoc(input)).toBeNull();
  });
});

describe('parseIocFile', () => {
  it('sorts each kind into its admin list, with admin source and high confidence', () => {
    const text = [
      '# SOC list, 2026-11',
      'da20ff8988198063b56680833c298113',
      'www[.]ninesmn[.]com   # LODEINFO C&C',
      '5.8.95[.]174',
      'hxxp://172.104.112[.]218/11554.htm',
      'phisher[@]example[.]jp',
      '',
      '   ',
    ].join('\n');
    const { lists, errors } = parseIocFile(text, 'iocs.txt');
    expect(errors).toEqual([]);
    expect(lists.map((l) => [l.id, l.kind])).toEqual([
      ['admin-hashes', 'hash'],
      ['admin-domains', 'domain'],
      ['admin-ips', 'ip'],
      ['admin-urls', 'url'],
      ['admin-emails', 'email'],
      ['admin-filenames', 'filename'],
    ]);
    expect(only(lists)).toEqual([
      ['admin-hashes', 'da20ff8988198063b56680833c298113'],
      ['admin-domains', 'www.ninesmn.com'],
      ['admin-ips', '5.8.95.174'],
      ['admin-urls', 'http://172.104.112.218/11554.htm'],
      ['admin-emails', 'phisher@example.jp'],
    ]);
    for (const l of lists) for (const e of l.entries) expect(e).toMatchObject({ sources: ['admin'], confidence: 'high' });
  });

  it.each([
    ['CRLF line ends', 'a.example.com\r\nb.example.com\r\n', ['a.example.com', 'b.example.com']],
    ['a byte-order mark', '\ufeffa.example.com\n', ['a.example.com']],
    ['duplicates in different spellings', 'A.example.com\na[.]example[.]com\n', ['a.example.com']],
    ['a # inside a URL (not a comment)', 'https://x.example.com/p#frag\n', ['https://x.example.com/p#frag']],
  ])('handles %s', (_n, text, expected) => {
    const { lists, errors } = parseIocFile(text, 'iocs.txt');
    expect(errors).toEqual([]);
    expect(only(lists).map(([, v]) => v)).toEqual(expected);
  });

  it('reports a bad line with its number and content, and keeps the good ones', () => {
    const { lists, errors } = parseIocFile('good.example.com\n# comment\nnot an indicator\n45.32.13.180\n', 'iocs.txt');
    expect(errors).toEqual([{ file: 'iocs.txt', line: 3, message: expect.stringContaining('"not an indicator"') }]);
    expect(only(lists)).toEqual([
      ['admin-domains', 'good.example.com'],
      ['admin-ips', '45.32.13.180'],
    ]);
  });

  it('shows invisible characters in a bad line as code points', () => {
    const { errors } = parseIocFile('evil\u202Etxt.exe\n', 'iocs.txt');
    expect(errors[0]?.message).toContain('<U+202E>');
  });

  it('caps the error list for a file that is not an IOC list at all', () => {
    const text = Array.from({ length: MAX_IOC_ERRORS + 50 }, (_, i) => `line ${i}`).join('\n');
    const { errors } = parseIocFile(text, 'wrong.txt');
    expect(errors).toHaveLength(MAX_IOC_ERRORS + 1);
    expect(errors[MAX_IOC_ERRORS]?.message).toMatch(/50 more bad lines/);
  });

  // Its speed is a budget of `npm run bench` ("loading the 100,000 indicators"), not a wall-clock
  // assertion here: a timed unit test fails whenever the machine is busy and proves nothing.
  it('parses 100,000 lines of every kind into the right lists', () => {
    const make: Array<(i: number) => string> = [
      (i) => i.toString(16).padStart(32, '0'),
      (i) => `host${i}[.]example.com`,
      (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      (i) => `hxxps://site${i}.example.org/p?q=${i}`,
      (i) => `user${i}[@]example.co.jp # note`,
    ];
    const text = Array.from({ length: 100_000 }, (_, i) => make[i % 5]?.(i) ?? '').join('\n');
    const { lists, errors } = parseIocFile(text, 'big.txt');
    expect(errors).toEqual([]);
    expect(lists.map((l) => l.entries.length)).toEqual([20_000, 20_000, 20_000, 20_000, 20_000, 0]);
  });
});
