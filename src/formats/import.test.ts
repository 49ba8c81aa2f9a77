import { parseIocFile } from '../pack';
import { exportIndicators } from './indicators';
import { detectFormat, IMPORT_LIMITS } from './import';
import { mispEvent } from './misp';
import { parseSimplePattern } from './stix-pattern';
import { packWithAdmin } from './testing/export-pack';

const HASH = 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c';
const ID = 'indicator--8cf9236f-1b96-493d-98be-0c1c1e8b62d7';

function bundle(...objects: unknown[]): string {
  return JSON.stringify({ type: 'bundle', id: 'bundle--8b8ed1c1-f01d-4393-ac65-97017ed15876', objects });
}
function indicator(pattern: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'indicator', spec_version: '2.1', id: ID, pattern_type: 'stix', pattern, valid_from: '2024-01-01T00:00:00Z', ...extra };
}
function event(attributes: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Event: { uuid: 'c99506a6-1255-4b71-afa5-7b8ba48c3b1b', info: 'x', Attribute: attributes, ...extra } });
}
const attr = (type: unknown, value: unknown, extra: Record<string, unknown> = {}) => ({ uuid: '5f1c0e2a-8e3b-4d8e-9a63-7a1b2c3d4e5f', type, value, to_ids: true, ...extra });

function values(text: string): string[] {
  return parseIocFile(text, 'f').lists.flatMap((l) => l.entries.map((e) => `${l.kind}:${e.value}`)).sort();
}

describe('format detection by content', () => {
  it.each([
    ['{"type":"bundle"}', 'json'],
    ['\ufeff  [1]', 'json'],
    ['date,URL,description\n2025/10/01 11:02:00,https://x.example.com/,JCB', 'csv'],
    ['"date","url"\n', 'csv'],
    ['# comment, with url\nexample.com', 'lines'],
    ['www.ninesmn.com\n5.8.95.174', 'lines'],
    ['', 'lines'],
  ])('%j is %s', (text, want) => {
    expect(detectFormat(text)).toBe(want);
  });
});

describe('STIX patterns (the simple subset)', () => {
  it.each([
    [`[file:hashes.'SHA-256' = '${HASH}']`, [{ kind: 'hash', value: HASH, algorithm: 'SHA-256' }]],
    ["[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']", [{ kind: 'hash', value: 'd41d8cd98f00b204e9800998ecf8427e', algorithm: 'MD5' }]],
    ["[ domain-name:value = 'a.example.com' OR ipv4-addr:value = '198.51.100.1' ]", [{ kind: 'domain', value: 'a.example.com' }, { kind: 'ip', value: '198.51.100.1' }]],
    ["[url:value = 'http://x.example.com/a\\'b']", [{ kind: 'url', value: "http://x.example.com/a'b" }]],
    ["[email-addr:value = 'a@example.com'] OR [file:name = 'x.docx.lnk']", [{ kind: 'email', value: 'a@example.com' }, { kind: 'filename', value: 'x.docx.lnk' }]],
    // AND on one object: the hash names the file whatever it is called, so only the hash is taken.
    [`[file:name = 'a.exe' AND file:hashes.'SHA-256' = '${HASH}']`, [{ kind: 'hash', value: HASH, algorithm: 'SHA-256' }]],
    ["[file:name LIKE '【参考】%.exe']", [{ kind: 'filename', value: '【参考】*.exe' }]],
  ])('%s', (p, want) => {
    expect(parseSimplePattern(p)).toEqual(want);
  });

  it.each([
    ["[email-message:subject MATCHES '^Invite']", /email-message:subject is not imported/],
    ["[file:name MATCHES '^a.+\\\\.exe$']", /"MATCHES" is not supported/],
    ["[domain-name:value != 'a.example.com']", /"!=" is not supported/],
    ["[domain-name:value = 'a.example.com' AND ipv4-addr:value = '198.51.100.1']", /different objects/],
    ["[domain-name:value = 'a.example.com'] AND [ipv4-addr:value = '198.51.100.1']", /"AND" between observations/],
    ["[domain-name:value = 'a.example.com'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.1']", /"FOLLOWEDBY" between observations/],
    ["[domain-name:value = 'a.example.com'] WITHIN 5 SECONDS", /"WITHIN"/],
    ["[(domain-name:value = 'a.example.com')]", /parentheses/],
    ["[domain-name:value = 'a.example.com' OR domain-name:value = 'b.example.com' AND domain-name:value = 'c.example.com']", /"AND" is not supported here/],
    ["[domain-name:value IN ('a.example.com')]", /expected object path, operator and quoted value/],
    ["[domain-name:value = 'unterminated]", /cannot read the pattern/],
    ["domain-name:value = 'a.example.com'", /expected "\["/],
    ["[file:name LIKE 'a_b%.exe']", /"LIKE" is not supported/],
    [`[${Array.from({ length: 300 }, (_, i) => `url:value = 'h${i}'`).join(' OR ')}]`, /more than 256 comparisons/],
    [`[domain-name:value = '${'a'.repeat(9000)}.com']`, /longer than 8192 characters/],
  ])('refuses %#: %s', (p, why) => {
    expect(() => parseSimplePattern(p)).toThrow(why);
  });
});

/** Bad input, format by format: every row must be refused with an error naming where. */
describe.each([
  // ---- STIX ----
  ['STIX: pattern is a number', bundle(indicator(42)), /"pattern" is not a string/, ID],
  ['STIX: pattern_type yara', bundle(indicator('rule x {}', { pattern_type: 'yara' })), /pattern_type "yara" is not supported/, ID],
  ['STIX: unsupported MATCHES pattern', bundle(indicator("[email-message:subject MATCHES 'x']")), /not imported/, ID],
  ['STIX: indicator without id', bundle({ type: 'indicator', pattern_type: 'stix', pattern: "[domain-name:value = 'a.example.com']" }), /without an "id"/, 'objects[0]'],
  ['STIX: object without type', bundle({ id: 'x--1' }), /no "type"/, 'x--1'],
  ['STIX: objects is not a list', JSON.stringify({ type: 'bundle', objects: {} }), /without an "objects" list/, undefined],
  ['STIX: a value of the wrong kind', bundle(indicator("[domain-name:value = '198.51.100.1']")), /not a valid domain/, ID],
  ['STIX: MD5 named SHA-256', bundle(indicator("[file:hashes.'SHA-256' = 'd41d8cd98f00b204e9800998ecf8427e']")), /not a valid SHA-256/, ID],
  ['STIX: CIDR range', bundle(indicator("[ipv4-addr:value = '223.166.0.0/15']")), /not a valid ip/, ID],
  ['STIX: bundle without indicators', bundle({ type: 'identity', id: 'identity--f690c992-8e7d-4b9a-9303-3312616c0220' }), /no indicator found/, undefined],
  // ---- MISP ----
  ['MISP: Attribute is not a list', event({ type: 'md5' }), /not a list/, 'Event.Attribute'],
  ['MISP: value is a number', event([attr('md5', 42)]), /"type" and "value" must be strings/, 'attribute 1 (5f1c0e2a-8e3b-4d8e-9a63-7a1b2c3d4e5f)'],
  ['MISP: type is missing', event([{ value: 'a.example.com' }]), /must be strings/, 'attribute 1'],
  ['MISP: sha256 that is an MD5', event([attr('sha256', 'd41d8cd98f00b204e9800998ecf8427e')]), /not a valid SHA-256/, 'attribute 1 (5f1c0e2a-8e3b-4d8e-9a63-7a1b2c3d4e5f)'],
  ['MISP: url that is not a URL', event([attr('url', 'not a url')]), /not a valid url/, 'attribute 1 (5f1c0e2a-8e3b-4d8e-9a63-7a1b2c3d4e5f)'],
  ['MISP: filename|sha256 without the bar', event([attr('filename|sha256', HASH)]), /without a file name/, 'attribute 1 (5f1c0e2a-8e3b-4d8e-9a63-7a1b2c3d4e5f)'],
  ['MISP: only types we do not match', event([attr('ip-src', '198.51.100.1')]), /no indicator found/, undefined],
  ['MISP: file name with a bidi override', event([attr('filename', 'report\u202Efdp.exe')]), /not a usable file name/, 'attribute 1 (5f1c0e2a-8e3b-4d8e-9a63-7a1b2c3d4e5f)'],
  // ---- JSON in general ----
  ['JSON: not valid', '{"type": "bundle", ', /not valid JSON/, undefined],
  ['JSON: neither STIX nor MISP', '{"hello": 1}', /neither a STIX 2.1 bundle nor a MISP event/, undefined],
  // ---- CSV ----
  ['CSV: row with fewer columns', 'date,URL,description\n2025/10/01 11:02:00,https://a.example.com/x', /2 columns, the header has 3/, 2],
  ['CSV: not a URL in the URL column', 'date,URL,description\n2025/10/01,a.example.com/x,JCB', /not a valid url/, 2],
  ['CSV: empty URL', 'date,URL,description\n2025/10/01,,JCB', /empty URL column/, 2],
  ['CSV: unbalanced quote', 'date,URL,description\n2025/10/01,"https://a.example.com/,JCB', /unbalanced quote/, 2],
  ['CSV: too many columns', `date,URL,description\n${'a,'.repeat(80)}b`, /more than 64 columns/, 2],
])('%s', (_name, text, message, where) => {
  it('is refused, naming the line or object', () => {
    const r = parseIocFile(text, 'feed');
    expect(r.errors.length).toBeGreaterThan(0);
    const e = r.errors[0]!;
    expect(e.message).toMatch(message);
    if (typeof where === 'number') expect(e.line).toBe(where);
    else if (where !== undefined) expect(e.object).toBe(where);
    expect(e.file).toBe('feed');
  });
});

describe('hostile sizes (the JSON forms of a billion-laughs document, and oversized files)', () => {
  it.each([
    ['STIX nested a million levels deep', () => `{"type":"bundle","objects":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`, /nested deeper than 64 levels/],
    ['MISP event with 600,000 tiny attributes', () => event(Array.from({ length: 600_000 }, () => ({}))), /600000 attributes, more than the 500000 allowed/],
    ['STIX bundle with 600,000 objects', () => `{"type":"bundle","objects":[${'{},'.repeat(599_999)}{}]}`, /600000 objects, more than the 500000 allowed/],
    ['oversized STIX file', () => `{"type":"bundle","objects":[]}${' '.repeat(IMPORT_LIMITS.jsonChars)}`, /JSON file larger than/],
    ['oversized CSV file', () => `date,URL\n${' '.repeat(IMPORT_LIMITS.csvChars)}`, /CSV file larger than/],
  ])('%s is refused before it is parsed or walked', (_name, make, message) => {
    // The message proves where it stopped: the depth and size checks run before JSON.parse (which
    // alone takes V8 over 4 s on a million-deep array), the count checks before any object is read.
    const r = parseIocFile(make(), 'big');
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(r.lists.flatMap((l) => l.entries)).toEqual([]);
  });
});

describe('good input', () => {
  it('reads JPCERT/CC phishing-URL CSV (date,URL,description)', () => {
    const csv = 'date,URL,description\n2025/10/01 11:02:00,https://jcb-card.example.cn/jk,JCB\n2025/10/01 11:05:00,"https://amazon.example.net/a,b",Amazon\n';
    expect(values(csv)).toEqual(['url:https://amazon.example.net/a,b', 'url:https://jcb-card.example.cn/jk']);
  });

  it('reads MISP types we match, object attributes included, and notes what it skipped', () => {
    const text = event(
      [attr('domain', 'evil.example.com'), attr('hostname', 'www.evil.example.com'), attr('ip-dst', '198.51.100.7'), attr('email-src', 'Spy@Example.com'), attr('ip-src', '203.0.113.1'), attr('sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', { to_ids: false })],
      { Object: [{ name: 'file', Attribute: [attr('filename|sha256', `invite.docx.lnk|${HASH}`), attr('md5', 'D41D8CD98F00B204E9800998ECF8427E')] }] },
    );
    const r = parseIocFile(text, 'event.json');
    expect(r.errors).toEqual([]);
    expect(values(text)).toEqual(['domain:evil.example.com', 'domain:www.evil.example.com', 'email:spy@example.com', 'filename:invite.docx.lnk', `hash:${HASH}`, 'hash:d41d8cd98f00b204e9800998ecf8427e', 'ip:198.51.100.7'].sort());
    expect(r.notes.map((n) => n.message)).toEqual(['1 attribute(s) skipped: type "ip-src"', '1 attribute(s) skipped: to_ids false (context, not for detection)']);
  });

  it('MISP export then import gives back the same indicator set (the wildcard file name aside, which MISP cannot carry)', () => {
    const pack = packWithAdmin();
    const m = mispEvent(pack);
    expect(m.leftOut.map((x) => x.value)).toEqual(['【参考】220628*発・*選挙管理委員会宛文書（添書分）.exe']);
    const exported = exportIndicators(pack)
      .filter((i) => !m.leftOut.some((x) => x.value === i.value))
      .map((i) => `${i.kind}:${i.value}`)
      .sort();
    expect(values(JSON.stringify(m.event))).toEqual(exported);
  });

  it('STIX revoked indicators are skipped with a note', () => {
    const r = parseIocFile(bundle(indicator("[domain-name:value = 'a.example.com']", { revoked: true }), indicator("[domain-name:value = 'b.example.com']", { id: 'indicator--2e17f6fe-3a4d-438a-911a-e509ba1b9933' })), 'b.json');
    expect(r.errors).toEqual([]);
    expect(r.notes).toEqual([{ file: 'b.json', line: 0, object: ID, message: 'revoked indicator, skipped' }]);
    expect(values(bundle(indicator("[domain-name:value = 'b.example.com']")))).toEqual(['domain:b.example.com']);
  });
});
