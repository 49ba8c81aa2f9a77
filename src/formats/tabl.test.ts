import type { Pack } from '../engine/types';
import { mergePacks, parseIocFile } from '../pack';
import { tablExport, TABL_MAX_CHARS } from './tabl';
import { EMBEDDED } from './testing/export-pack';

function withAdmin(lines: string[]): Pack {
  const { lists, errors } = parseIocFile(lines.join('\n'), 'admin.txt');
  if (errors.length) throw new Error(JSON.stringify(errors));
  return mergePacks(EMBEDDED, { version: EMBEDDED.version, sources: [], guidance: [], rules: [], lists });
}

describe('Tenant Allow/Block List export', () => {
  const t = tablExport(
    withAdmin([
      'gmail.com', // free-mail service
      'tenant-my.sharepoint.com', // under a cloud-storage service
      'ftp.sh', // a dynamic-DNS parent: refused by the pack loader already, so never reaches here
      'attacker.ftp.sh', // a full attacker host under it: that attacker's own
      'mofa.go.jp', // a protected (targeted) organisation
      'https://drive.google.com/file/d/abc/view', // one file on a shared service: specific enough
      'https://drive.google.com/', // the service itself
      'spy@gmail.com', // one account on a free-mail service
      `https://bad.example.com/${'a'.repeat(300)}`,
    ].filter((l) => l !== 'ftp.sh')),
  );
  const values = (type: string) => t.entries.filter((e) => e.listType === type).map((e) => e.value);
  const reason = (v: string) => t.excluded.find((x) => x.value === v)?.reason;

  it.each([
    ['gmail.com', /free-mail/],
    ['tenant-my.sharepoint.com', /cloud-storage/],
    ['mofa.go.jp', /protected/],
    ['https://drive.google.com/', /cloud-storage/],
    [`https://bad.example.com/${'a'.repeat(300)}`, new RegExp(`longer than ${TABL_MAX_CHARS}`)],
    ['15b80c5e86b8fd08440fe1a9ca9706c9', /TABL takes SHA-256 only/],
    ['K7SysMon.Exe.db', /no file-name list/],
  ])('leaves out %s', (v, why) => {
    expect(reason(v)).toMatch(why);
    expect(t.script).not.toContain(`'${v}'`);
  });

  it('blocks campaign infrastructure: C&C domains, IPs, URL paths, SHA-256, attacker accounts and hosts', () => {
    expect(values('Url')).toEqual(expect.arrayContaining(['www.ninesmn.com', '5.8.95.174', '172.104.112.218/11554.htm', 'attacker.ftp.sh', 'drive.google.com/file/d/abc/view']));
    expect(values('Sender')).toEqual(expect.arrayContaining(['www.ninesmn.com', 'spy@gmail.com', 'attacker.ftp.sh']));
    expect(values('FileHash').every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(values('FileHash').length).toBeGreaterThan(0);
    // No shared service ever appears as a bare domain entry.
    for (const e of t.entries) expect(['gmail.com', 'sharepoint.com', 'ftp.sh', 'mofa.go.jp', 'drive.google.com']).not.toContain(e.value);
  });

  it('writes PowerShell calls of at most 20 entries with an expiry, and a matching CSV', () => {
    const calls = t.script.split('\n').filter((l) => l.startsWith('New-TenantAllowBlockListItems'));
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(c).toMatch(/^New-TenantAllowBlockListItems -ListType (Sender|Url|FileHash) -Block -ExpirationDate \$expires -Notes 'MirrorFace Guard [^']*' -Entries @\($/);
    const entriesInScript = (t.script.match(/^ {2}'[^']*',?$/gm) ?? []).length;
    expect(entriesInScript).toBe(t.entries.length);
    expect(t.csv.trim().split('\n')).toHaveLength(t.entries.length + 1);
    expect(t.csv.split('\n')[0]).toBe('ListType,Action,Value,Sources');
  });
});
