/**
 * `mirrorface-guard export`: argument table (pure) and the built CLI end to end, including an
 * --iocs file in each exchange format and the all-or-nothing refusal of a bad one.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseExportArgs } from '../src/cli/export';
import { stixErrors } from './helpers/stix-schema';
import { CLI } from './helpers/corpus';

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'export', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LANG: 'C', LC_ALL: '' } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

describe('parseExportArgs', () => {
  it.each([
    [[], /needs a format/],
    [['yaml'], /unknown export format "yaml"/],
    [['kql', '--flavor', 'splunk'], /--flavor must be defender or sentinel/],
    [['kql', '--since', '30 days'], /--since takes a span/],
    [['kql', '--since', '0d'], /--since takes a span/],
    [['stix', '--flavor', 'sentinel'], /--flavor applies only to export kql/],
    [['detection-rules', '--since', '7d'], /look-back from its schedule/],
    [['kql', '--out'], /--out needs a value/],
    [['kql', '--out', 'a', '--out', 'b'], /--out given twice/],
    [['kql', '--verbose'], /unknown option "--verbose"/],
    [['kql', 'extra'], /unexpected argument "extra"/],
  ])('%j → %s', (argv, message) => {
    const r = parseExportArgs(argv);
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(message);
  });

  it.each([
    [['kql'], { format: 'kql', flavor: 'defender', since: '30d', iocs: [], packs: [] }],
    [['kql', '--flavor=sentinel', '--since', '7d', '--out', 'q'], { format: 'kql', flavor: 'sentinel', since: '7d', out: 'q' }],
    [['stix', '--iocs', 'a.txt', '--iocs', 'b.json', '--pack', 'p.yml'], { format: 'stix', iocs: ['a.txt', 'b.json'], packs: ['p.yml'] }],
  ])('%j', (argv, want) => {
    const r = parseExportArgs(argv);
    expect(r.kind).toBe('export');
    expect(r.kind === 'export' && r.options).toMatchObject(want);
  });
});

describe('mirrorface-guard export (built CLI)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-export-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kql --out writes one .kql file per rule family', () => {
    const out = path.join(dir, 'kql');
    const r = run(['kql', '--flavor', 'sentinel', '--out', out]);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['campaign-shape.kql', 'ioc-attachments.kql', 'ioc-network.kql', 'post-delivery.kql', 'risky-attachments.kql']);
    expect(fs.readFileSync(path.join(out, 'ioc-network.kql'), 'utf8')).toContain('TimeGenerated > ago(lookback)');
  });

  it('detection-rules --out writes a .json body next to each query', () => {
    const out = path.join(dir, 'rules');
    expect(run(['detection-rules', '--out', out]).status).toBe(0);
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual(['campaign-shape.json', 'campaign-shape.kql', 'ioc-attachments.json', 'ioc-attachments.kql', 'ioc-network.json', 'ioc-network.kql', 'risky-attachments.json', 'risky-attachments.kql']);
    const body = JSON.parse(fs.readFileSync(path.join(out, 'ioc-attachments.json'), 'utf8'));
    expect(body.queryCondition.queryText).toBe(fs.readFileSync(path.join(out, 'ioc-attachments.kql'), 'utf8').trimEnd());
  });

  it('stix with --iocs in every exchange format: valid, and the admin values are in it', () => {
    const feeds = {
      'lines.txt': 'lines-lure[.]example.com\n',
      'feed.json': JSON.stringify({ type: 'bundle', objects: [{ type: 'indicator', id: 'indicator--8cf9236f-1b96-493d-98be-0c1c1e8b62d7', pattern_type: 'stix', pattern: "[url:value = 'https://stix-lure.example.com/a.zip']" }] }),
      'event.json': JSON.stringify({ Event: { info: 'x', Attribute: [{ type: 'filename', value: '招待状.docx.lnk', to_ids: true }] } }),
      'phishurl.csv': 'date,URL,description\n2025/10/01 11:02:00,https://card.example.cn/jk,JCB\n',
    };
    const args: string[] = ['stix'];
    for (const [name, text] of Object.entries(feeds)) {
      fs.writeFileSync(path.join(dir, name), text);
      args.push('--iocs', path.join(dir, name));
    }
    const r = run(args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bundle = JSON.parse(r.stdout);
    expect(stixErrors(bundle)).toEqual([]);
    const patterns = bundle.objects.filter((o: { type: string }) => o.type === 'indicator').map((o: { pattern: string }) => o.pattern);
    expect(patterns).toEqual(
      expect.arrayContaining([
        "[domain-name:value = 'lines-lure.example.com']",
        "[url:value = 'https://stix-lure.example.com/a.zip']",
        "[file:name = '招待状.docx.lnk']",
        "[url:value = 'https://card.example.cn/jk']",
      ]),
    );
  });

  it('a bad --iocs file stops the export: exit 2, file and object named, nothing written', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ type: 'bundle', objects: [{ type: 'indicator', id: 'indicator--2e17f6fe-3a4d-438a-911a-e509ba1b9933', pattern_type: 'stix', pattern: "[email-message:subject MATCHES 'x']" }] }));
    const out = path.join(dir, 'never.json');
    const r = run(['misp', '--iocs', bad, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}: indicator--2e17f6fe-3a4d-438a-911a-e509ba1b9933: pattern not supported`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('misp and tabl write their files and say what they left out', () => {
    const m = run(['misp']);
    expect(m.status).toBe(0);
    expect(JSON.parse(m.stdout).Event.Attribute.length).toBe(209);
    expect(m.stderr).toMatch(/left out .*: a file-name pattern with wildcards has no MISP core type/);
    const ps1 = path.join(dir, 'tabl', 'block.ps1');
    const t = run(['tabl', '--out', ps1]);
    expect(t.status).toBe(0);
    expect(fs.readFileSync(ps1, 'utf8')).toContain('New-TenantAllowBlockListItems -ListType Url -Block');
    expect(fs.readFileSync(path.join(dir, 'tabl', 'block.csv'), 'utf8').split('\n')[0]).toBe('ListType,Action,Value,Sources');
    expect(t.stderr).toMatch(/left out [0-9a-f]{32}: MD5: TABL takes SHA-256 only/);
  });

  it('export --help exits 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: mirrorface-guard export FORMAT');
  });
});
