/**
 * The pane runs the engine on tldts-icann through a shim; the CLI runs it on the full tldts.
 * Both must give the engine the same answers, or the pane and the CLI would disagree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseFull } from 'tldts';
import { createParse } from './tldts-icann';
import { decode as decodeShim } from './iconv-lite';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { icannTlds } = require('../../../webpack.config.js') as { icannTlds: () => string[] };

const ROOT = path.resolve(__dirname, '../../..');
const pack = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/pack.json'), 'utf8')) as { lists: Array<{ kind: string; entries: Array<{ value: string }> }> };

const tlds = new Set(icannTlds());
const parseShim = createParse(tlds);
const FIELDS = ['hostname', 'domain', 'publicSuffix', 'subdomain', 'domainWithoutSuffix', 'isIp', 'isIcann'] as const;

// Hosts the engine meets: pack values, look-alike and file-name tokens, IDNs, IPs, URLs, addresses.
const HANDWRITTEN = [
  'mofa.go.jp', 'www.mofa.go.jp', 'mofa.go.jp.example.com', 'mofa-go-jp.com', 'xn--eckwd4c7c.xn--zckzah', '外務省.jp', 'example.co.jp',
  'report.pdf', '資料.docx.lnk', 'invoice.exe', 'a.b.c.d.e', 'localhost', 'example.invalid', 'example.local', 'foo.notatld',
  'tenant.sharepoint.com', 'x.blogspot.com', 'a.github.io', 'ftp.sh', 'host.ftp.sh', 'x.ck', 'www.ck', 'a.b.kawasaki.jp', 'city.kawasaki.jp',
  '203.0.113.50', '[2001:db8::1]', 'http://203.0.113.7/x', 'hxxp://example.com', 'https://www.ninesmn.com:8443/a?b#c',
  'HTTPS://WWW.Example.COM/', 'Http://Mofa.Go.Jp/x?y', 'FTP://A.B.Example.CO.JP#f', 'https://XN--MFA-SED.GO.JP/',
  'user@mail.example.go.jp', 'EXAMPLE.COM.', '', '.', '..', 'a..b.com', 'xn--', '-bad-.com', 'a'.repeat(300) + '.com',
];

const fromPack = pack.lists.filter((l) => ['domain', 'url', 'email'].includes(l.kind)).flatMap((l) => l.entries.map((e) => e.value));
const cases = [...new Set([...HANDWRITTEN, ...fromPack, ...[...tlds].slice(0, 400).map((t) => `example.${t}`)])];

describe('tldts-icann shim', () => {
  it('derives a plausible TLD list (the check below cannot pass vacuously)', () => {
    expect(tlds.size).toBeGreaterThan(1000);
    for (const t of ['com', 'jp', 'org', 'xn--q9jyb4c', 'ck']) expect(tlds.has(t)).toBe(true);
    for (const t of ['pdf', 'exe', 'lnk', 'localhost', 'invalid', 'docx']) expect(tlds.has(t)).toBe(false);
  });

  it.each(cases.map((c) => [c.length > 60 ? `${c.slice(0, 57)}…` : c, c]))('%s: same answers as the full tldts', (_n, input) => {
    const full = parseFull(input, { allowPrivateDomains: false });
    const shim = parseShim(input, { allowPrivateDomains: false });
    for (const f of FIELDS) expect([f, shim[f] === true || shim[f] === false ? shim[f] : (shim[f] ?? null)]).toEqual([f, full[f] === true || full[f] === false ? full[f] : (full[f] ?? null)]);
  });
});

describe('iconv-lite shim (the .msg reader in the browser)', () => {
  it.each([
    ['cp932', [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea], '日本語'],
    ['euc-jp', [0xc6, 0xfc, 0xcb, 0xdc], '日本'],
    ['utf16le', [0x65, 0x00, 0xe5, 0x65], 'e日'],
    ['no-such-codepage', [0x41, 0x42], 'AB'],
  ])('%s', (enc, bytes, text) => {
    expect(decodeShim(new Uint8Array(bytes), enc)).toBe(text);
  });
});
