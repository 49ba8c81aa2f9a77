/**
 * Archive listing in the CLI (issue 11, "What to build" 5), through the built CLI: RAR, 7z and
 * CAB attachments are listed with 7-Zip, their files go through every attachment rule and appear
 * in the record's attachments[] with hashes; an encrypted archive says so; the near-miss (the
 * same archive with a harmless file) stays quiet. Fixtures are built here (7z by 7z-wasm, RAR 5
 * and CAB by src/cli/archive-fixtures.test-helper.ts).
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildPe } from '../src/adapters/inspect/test-fixtures';
import { build7z, LNK, buildCab, buildRar5 } from '../src/cli/archive-fixtures.test-helper';
import { CLI, requireBuiltCli, type CliRecord } from './helpers/corpus';

const MINUTES = new TextEncoder().encode('Minutes of the study group, 3 March.\n');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function eml(id: string, attachment: string, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    'From: Study Group <office@example.org>',
    'To: member@example.jp',
    'Subject: Materials for the next meeting',
    `Message-ID: <${id}@example.org>`,
    'Date: Mon, 03 Mar 2025 10:00:00 +0900',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please find the materials attached.',
    '--b',
    `Content-Type: application/octet-stream; name="${attachment}"`,
    `Content-Disposition: attachment; filename="${attachment}"`,
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    '--b--',
    '',
  ].join('\r\n');
}

function scan(file: string, cwd: string): { status: number | null; records: CliRecord[]; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'scan', '--format', 'jsonl', '--jobs', '1', file], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, records: (r.stdout ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CliRecord), stderr: r.stderr ?? '' };
}

describe('the CLI lists RAR, 7z and CAB attachments with 7-Zip', () => {
  let dir: string;
  beforeAll(async () => {
    requireBuiltCli();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-archives-'));
    const write = (name: string, body: string): void => fs.writeFileSync(path.join(dir, name), body);
    write('lnk-in-7z.eml', eml('a1', 'materials.7z', await build7z([{ name: 'materials/agenda.docx.lnk', data: LNK }])));
    write('minutes-in-7z.eml', eml('a2', 'materials.7z', await build7z([{ name: 'materials/minutes.txt', data: MINUTES }])));
    write('encrypted-7z.eml', eml('a3', 'materials.7z', await build7z([{ name: 'agenda.docx.lnk', data: LNK }], ['-pStudy2025'])));
    write('exe-in-rar.eml', eml('a4', 'scan.rar', buildRar5([{ name: 'scan.pdf.exe', data: buildPe() }])));
    write('lnk-in-cab.eml', eml('a5', 'update.cab', buildCab([{ name: 'readme.lnk', data: LNK }])));
    write('minutes-in-cab.eml', eml('a6', 'update.cab', buildCab([{ name: 'minutes.txt', data: MINUTES }])));
  }, 60_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const rules = (r: CliRecord): string[] => r.findings.map((f) => f.rule);
  const codes = (r: CliRecord): string[] => r.incomplete.map((i) => i.code);

  it.each([
    ['a shortcut in a 7z (hit)', 'lnk-in-7z.eml', 'mf-attachment-lnk', 'materials.7z/materials/agenda.docx.lnk', LNK],
    ['an executable in a RAR (hit)', 'exe-in-rar.eml', 'mf-attachment-executable', 'scan.rar/scan.pdf.exe', buildPe()],
    ['a shortcut in a CAB (hit)', 'lnk-in-cab.eml', 'mf-attachment-lnk', 'update.cab/readme.lnk', LNK],
  ])('%s: the rule fires on the file inside, which the record lists with its hash', (_l, file, rule, entryPath, bytes) => {
    const r = scan(file, dir);
    expect(r.records).toHaveLength(1);
    const rec = r.records[0]!;
    expect(rules(rec)).toContain(rule);
    expect(codes(rec)).not.toContain('archive-unlisted');
    expect(rec.attachments.find((a) => a.path === entryPath)).toMatchObject({ sha256: sha256(bytes), size: bytes.length });
  });

  it.each([
    ['minutes in a 7z (near miss)', 'minutes-in-7z.eml', 'materials.7z/materials/minutes.txt'],
    ['minutes in a CAB (near miss)', 'minutes-in-cab.eml', 'update.cab/minutes.txt'],
  ])('%s: listed and hashed, nothing found, exit 0', (_l, file, entryPath) => {
    const r = scan(file, dir);
    expect(r.status).toBe(0);
    const rec = r.records[0]!;
    expect(rec.level).toBe('none');
    expect(rec.incomplete).toEqual([]);
    expect(rec.attachments.find((a) => a.path === entryPath)?.sha256).toBe(sha256(MINUTES));
  });

  it('a password-protected 7z: the encrypted-archive rule fires, the entry is listed as encrypted and not hashed', () => {
    const r = scan('encrypted-7z.eml', dir);
    const rec = r.records[0]!;
    expect(rules(rec)).toContain('mf-attachment-encrypted-archive');
    expect(codes(rec)).toContain('archive-encrypted');
    expect(rec.attachments.find((a) => a.path === 'materials.7z/agenda.docx.lnk')).toMatchObject({ encrypted: true, sha256: null });
    // The name alone still reaches the name rules: a .lnk inside is reported even unopened.
    expect(rules(rec)).toContain('mf-attachment-lnk');
  });
});
