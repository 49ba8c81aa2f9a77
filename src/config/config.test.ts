import { isValidAddress, isValidDomain, resolveSameOrigin, validateConfig, DEFAULT_NOTIFY_LEVELS } from './config';
import { loadConfig, type FetchLike } from './load-config';
import { loadAdminIndicators } from './load-extras';
import type { Pack } from '../engine/types';

const PAGE = 'https://addins.example.go.jp/mfg/taskpane.html';

describe('resolveSameOrigin', () => {
  it.each([
    // accepted: relative and same-origin absolute
    ['iocs.txt', 'https://addins.example.go.jp/mfg/iocs.txt'],
    ['./admin/iocs.txt', 'https://addins.example.go.jp/mfg/admin/iocs.txt'],
    ['/shared/iocs.txt', 'https://addins.example.go.jp/shared/iocs.txt'],
    ['https://addins.example.go.jp/mfg/x.yml', 'https://addins.example.go.jp/mfg/x.yml'],
    ['../other/x.txt', 'https://addins.example.go.jp/other/x.txt'],
    // rejected: other origins, schemes, tricks
    ['https://evil.example.com/iocs.txt', undefined],
    ['//evil.example.com/iocs.txt', undefined],
    ['http://addins.example.go.jp/mfg/iocs.txt', undefined], // scheme differs → another origin
    ['https://addins.example.go.jp:8443/iocs.txt', undefined],
    ['https://user:pw@addins.example.go.jp/iocs.txt', undefined],
    ['javascript:alert(1)', undefined],
    ['data:text/plain,example.com', undefined],
    ['/\\evil.example.com/x', undefined],
    ['', undefined],
    ['https://addins.example.go.jp.evil.example/x', undefined],
  ])('%s → %s', (value, expected) => {
    expect(resolveSameOrigin(value, PAGE)).toBe(expected);
  });
});

describe('isValidDomain / isValidAddress', () => {
  it.each([
    ['example.go.jp', true],
    ['xn--eckwd4c7c.jp', true],
    ['mofa.go.jp', true],
    ['localhost', false],
    ['Example.go.jp', false], // stored lower-case; validateConfig lower-cases before checking
    ['-bad.example.com', false],
    ['example..com', false],
    ['http://example.com', false],
    ['*.example.com', false],
    ['192.168.0.1', false],
    ['例え.jp', false], // IDNs must be given in punycode (xn--) form
  ])('domain %s → %s', (d, ok) => {
    expect(isValidDomain(d)).toBe(ok);
  });

  it.each([
    ['soc@example.go.jp', true],
    ['security-team+mfg@cas.go.jp', true],
    ['soc@localhost', false],
    ['two@example.com,three@example.com', false],
    ['Name <soc@example.go.jp>', false],
    ['soc@', false],
    ['', false],
  ])('address %s → %s', (a, ok) => {
    expect(isValidAddress(a)).toBe(ok);
  });
});

describe('validateConfig', () => {
  it('gives defaults for an empty object, with no issues', () => {
    const r = validateConfig({}, PAGE);
    expect(r.issues).toEqual([]);
    expect(r.config).toEqual({ trustedDomains: [], protectedDomains: [], iocListUrls: [], packUrls: [], notifyLevels: [...DEFAULT_NOTIFY_LEVELS] });
    expect(r.config.securityAddress).toBeUndefined();
    expect(r.indicatorsRejected).toBe(false);
  });

  it('accepts a full valid config, normalising domains and resolving URLs', () => {
    const r = validateConfig(
      {
        securityAddress: 'soc@example.go.jp',
        trustedDomains: ['Example.GO.jp', 'example.go.jp.'],
        protectedDomains: ['mofa.go.jp'],
        iocListUrls: ['admin/iocs.txt'],
        packUrls: ['/mfg/admin/extra.yml'],
        notifyLevels: ['high', 'critical'],
      },
      PAGE,
    );
    expect(r.issues).toEqual([]);
    expect(r.config).toEqual({
      securityAddress: 'soc@example.go.jp',
      trustedDomains: ['example.go.jp'],
      protectedDomains: ['mofa.go.jp'],
      iocListUrls: ['https://addins.example.go.jp/mfg/admin/iocs.txt'],
      packUrls: ['https://addins.example.go.jp/mfg/admin/extra.yml'],
      notifyLevels: ['high', 'critical'],
    });
  });

  // Each bad input must name the field at fault and fall back to the default for that field.
  it.each([
    ["{ securityAddress: 'not-an-address' }", { securityAddress: 'not-an-address' }, 'securityAddress'],
    ["{ securityAddress: ['soc@example.go.jp'] }", { securityAddress: ['soc@example.go.jp'] }, 'securityAddress'],
    ["{ trustedDomains: 'example.go.jp' }", { trustedDomains: 'example.go.jp' }, 'trustedDomains'],
    ["{ trustedDomains: ['example.go.jp', 'https://bad.example'] }", { trustedDomains: ['example.go.jp', 'https://bad.example'] }, 'trustedDomains[1]'],
    ['{ protectedDomains: [42] }', { protectedDomains: [42] }, 'protectedDomains[0]'],
    ["{ iocListUrls: ['https://evil.example.com/x.txt'] }", { iocListUrls: ['https://evil.example.com/x.txt'] }, 'iocListUrls[0]'],
    ["{ packUrls: ['ok.yml', 'javascript:alert(1)'] }", { packUrls: ['ok.yml', 'javascript:alert(1)'] }, 'packUrls[1]'],
    ["{ notifyLevels: ['none'] }", { notifyLevels: ['none'] }, 'notifyLevels[0]'],
    ["{ notifyLevels: ['HIGH'] }", { notifyLevels: ['HIGH'] }, 'notifyLevels[0]'],
    ["{ securityAdress: 'soc@example.go.jp' }", { securityAdress: 'soc@example.go.jp' }, 'securityAdress'],
    ['{ trustedDomains: Array.from({ length: 1001 }, (_, i) => `d${i}.example.com`) }', { trustedDomains: Array.from({ length: 1001 }, (_, i) => `d${i}.example.com`) }, 'trustedDomains'],
  ] as const)('%s → issue on %s', (_name, raw: unknown, field) => {
    const r = validateConfig(raw, PAGE);
    expect(r.issues.map((i) => i.field)).toContain(field);
    const issue = r.issues.find((i) => i.field === field);
    expect(issue?.message.ja.length).toBeGreaterThan(0);
    expect(issue?.message.en.length).toBeGreaterThan(0);
    const key = field.replace(/\[\d+\]$/, '') as keyof typeof r.config;
    if (key in r.config && key !== 'securityAddress') {
      expect(r.config[key]).toEqual(key === 'notifyLevels' ? [...DEFAULT_NOTIFY_LEVELS] : []);
    }
  });

  it.each([[null], [[]], ['{}'], [42]])('rejects a non-object file %j as a whole', (raw) => {
    const r = validateConfig(raw, PAGE);
    expect(r.issues.map((i) => i.field)).toEqual(['(file)']);
  });

  it('uses no admin indicator source at all when any one is invalid (never half-loaded)', () => {
    const r = validateConfig({ iocListUrls: ['good.txt'], packUrls: ['https://evil.example.com/p.yml'] }, PAGE);
    expect(r.indicatorsRejected).toBe(true);
    expect(r.config.iocListUrls).toEqual([]);
    expect(r.config.packUrls).toEqual([]);
  });

  it('keeps the valid fields when another field is wrong', () => {
    const r = validateConfig({ securityAddress: 'soc@example.go.jp', notifyLevels: 'high' }, PAGE);
    expect(r.config.securityAddress).toBe('soc@example.go.jp');
    expect(r.issues.map((i) => i.field)).toEqual(['notifyLevels']);
  });
});

function fakeFetch(files: Record<string, { status?: number; body?: string; throws?: boolean }>): FetchLike & { calls: Array<{ url: string; init?: RequestInit }> } {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, ...(init ? { init } : {}) });
    const f = files[url];
    if (f?.throws) throw new TypeError('Failed to fetch');
    const status = f ? (f.status ?? 200) : 404;
    return { ok: status >= 200 && status < 300, status, text: async () => f?.body ?? '' };
  }) as FetchLike & { calls: typeof calls };
  fn.calls = calls;
  return fn;
}

const CONFIG_URL = 'https://addins.example.go.jp/mfg/config.json';

describe('loadConfig', () => {
  it('asks for config.json beside the page, bypassing the cache', async () => {
    const f = fakeFetch({ [CONFIG_URL]: { body: '{"securityAddress":"soc@example.go.jp"}' } });
    const r = await loadConfig(f, PAGE);
    expect(r.config.securityAddress).toBe('soc@example.go.jp');
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]?.url).toBe(CONFIG_URL);
    expect(f.calls[0]?.init?.cache).toBe('no-cache');
  });

  it.each([
    ['missing file → defaults, no issue', {}, [], false],
    ['server error', { [CONFIG_URL]: { status: 500 } }, ['(file)'], true],
    ['network error', { [CONFIG_URL]: { throws: true } }, ['(file)'], true],
    ['broken JSON', { [CONFIG_URL]: { body: '{"securityAddress": ' } }, ['(file)'], true],
    ['BOM before JSON is fine', { [CONFIG_URL]: { body: '\uFEFF{}' } }, [], false],
  ] as const)('%s', async (_name, files, fields, rejected) => {
    const r = await loadConfig(fakeFetch(files as Record<string, { status?: number; body?: string; throws?: boolean }>), PAGE);
    expect(r.issues.map((i) => i.field)).toEqual(fields);
    expect(r.indicatorsRejected).toBe(rejected);
    expect(r.config.securityAddress).toBeUndefined();
  });
});

const BASE: Pack = {
  version: 'test',
  sources: [{ id: 'src-a', title: 'A report', publisher: 'Pub', date: '2025-01', url: 'https://example.org/a' }],
  guidance: [],
  lists: [],
  rules: [],
};

describe('loadAdminIndicators (all or nothing)', () => {
  const cfg = (iocs: string[], packs: string[] = []) => ({ ...validateConfig({}, PAGE).config, iocListUrls: iocs, packUrls: packs });
  const A = 'https://addins.example.go.jp/mfg/a.txt';
  const B = 'https://addins.example.go.jp/mfg/b.txt';

  it('returns the base pack untouched when nothing is configured', async () => {
    const r = await loadAdminIndicators(cfg([]), BASE, fakeFetch({}));
    expect(r).toEqual({ pack: BASE, issues: [], active: false, iocCount: 0 });
  });

  it('merges every list when all load, defanged values included', async () => {
    const f = fakeFetch({
      [A]: { body: '# SOC list\nbad-lure[.]example.com\n44d88612fea8a8f36de82e1278abb02f\n' },
      [B]: { body: 'hxxp://203.0.113.7/x\nphish@bad-lure.example.com\n' },
    });
    const r = await loadAdminIndicators(cfg([A, B]), BASE, f);
    expect(r.issues).toEqual([]);
    expect(r.active).toBe(true);
    expect(r.iocCount).toBe(4);
    const values = r.pack.lists.flatMap((l) => l.entries.map((e) => `${l.id}:${e.value}`));
    expect(values).toEqual(expect.arrayContaining(['admin-domains:bad-lure.example.com', 'admin-hashes:44d88612fea8a8f36de82e1278abb02f']));
    expect(f.calls.every((c) => c.init?.redirect === 'error' && c.init?.cache === 'no-cache')).toBe(true);
  });

  it.each([
    ['one list missing (404)', { [A]: { body: 'bad-lure.example.com\n' } }, 'iocListUrls[1]'],
    ['one list with a bad line', { [A]: { body: 'bad-lure.example.com\n' }, [B]: { body: 'this is not an indicator\n' } }, 'iocListUrls[1]'],
    ['network failure', { [A]: { throws: true }, [B]: { body: 'x.example.com' } }, 'iocListUrls[0]'],
  ] as const)('%s → nothing applied, field named', async (_n, files, field) => {
    const r = await loadAdminIndicators(cfg([A, B]), BASE, fakeFetch(files as Record<string, { body?: string; throws?: boolean }>));
    expect(r.active).toBe(false);
    expect(r.pack).toBe(BASE);
    expect(r.iocCount).toBe(0);
    expect(r.issues.map((i) => i.field)).toContain(field);
  });

  // The same reader as the CLI's --iocs: each exchange format, recognised by content, gives the
  // indicators it carries; a file outside the supported subset is refused whole, naming where.
  const stixIndicator = (pattern: string) => ({
    type: 'indicator', spec_version: '2.1', id: 'indicator--3f1c1b2e-9c1a-4c4e-8d7e-0a1b2c3d4e5f',
    created: '2025-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', valid_from: '2025-01-01T00:00:00Z',
    pattern, pattern_type: 'stix',
  });
  it.each([
    ['a STIX bundle', 'feed.json', JSON.stringify({ type: 'bundle', id: 'bundle--0d8b6a4c-3f5e-4a1b-9c2d-7e8f9a0b1c2d', objects: [stixIndicator("[domain-name:value = 'bad-lure.example.com']")] })],
    ['a MISP event', 'event.json', '\ufeff' + JSON.stringify({ Event: { info: 'test', Attribute: [{ type: 'domain', category: 'Network activity', value: 'bad-lure.example.com', to_ids: true }] } })],
    ['a JPCERT/CC CSV', 'phishurl.csv', 'date,URL,description\n2025/10/01 11:02:00,https://bad-lure.example.com/jk,JCB\n'],
  ])('reads %s with the CLI\'s reader', async (_n, name, body) => {
    const U = `https://addins.example.go.jp/mfg/${name}`;
    const r = await loadAdminIndicators(cfg([U]), BASE, fakeFetch({ [U]: { body } }));
    expect(r.issues).toEqual([]);
    expect(r.active).toBe(true);
    expect(r.iocCount).toBe(1);
    const values = r.pack.lists.filter((l) => l.id.startsWith('admin-')).flatMap((l) => l.entries.map((e) => e.value));
    expect(values.some((v) => v.includes('bad-lure.example.com'))).toBe(true);
  });

  it('refuses a whole STIX bundle whose pattern is outside the simple subset, naming the object', async () => {
    const U = 'https://addins.example.go.jp/mfg/feed.json';
    const body = JSON.stringify({ type: 'bundle', id: 'bundle--0d8b6a4c-3f5e-4a1b-9c2d-7e8f9a0b1c2d', objects: [stixIndicator("[domain-name:value MATCHES '^bad']")] });
    const r = await loadAdminIndicators(cfg([U]), BASE, fakeFetch({ [U]: { body } }));
    expect(r.active).toBe(false);
    expect(r.pack).toBe(BASE);
    expect(JSON.stringify(r.issues)).toContain('indicator--3f1c1b2e-9c1a-4c4e-8d7e-0a1b2c3d4e5f');
  });

  it('still reads a line-format list whose comment mentions URLs, with commas', async () => {
    const r = await loadAdminIndicators(cfg([A]), BASE, fakeFetch({ [A]: { body: '# domains, IPs and url values\nbad-lure.example.com\n' } }));
    expect(r.issues).toEqual([]);
    expect(r.active).toBe(true);
  });

  it('reports a broken extra pack and applies none of the IOC lists either', async () => {
    const P = 'https://addins.example.go.jp/mfg/extra.yml';
    const r = await loadAdminIndicators(cfg([A], [P]), BASE, fakeFetch({ [A]: { body: 'bad-lure.example.com\n' }, [P]: { body: 'rules: [ {id: 1' } }));
    expect(r.active).toBe(false);
    expect(r.pack).toBe(BASE);
    expect(r.issues.length).toBeGreaterThan(0);
  });
});
