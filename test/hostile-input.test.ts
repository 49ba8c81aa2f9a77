/**
 * Hostile input through the built CLI (issue 8, "Must show"): each case finishes within the
 * per-file limits and gives its records. The quadratic trailing-punctuation regex took 335 s on
 * a 5 MB mbox; an admin filename indicator with several `*` backtracked on one attachment name.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { zipSync } from 'fflate';
import { HOSTILE_MSGS } from '../src/adapters/files/hostile-msg.test-helper';
import { concatBytes } from '../src/adapters/inspect/bytes';
import { CLI, requireBuiltCli, type CliRecord } from './helpers/corpus';

const CRLF = '\r\n';

/** A 5 MB mbox: 50 messages, each a 100 kB body that is one URL ending in a run of punctuation. */
function punctuationMbox(): string {
  const run = '.,;:!?'.repeat(100_000 / 6);
  let out = '';
  for (let i = 0; i < 50; i++) {
    out +=
      `From sender${i}@example.org Mon Mar  3 10:00:00 2025\n` +
      [`From: sender${i}@example.org`, 'To: me@example.org', `Subject: links ${i}`, `Message-ID: <p${i}@example.org>`, 'Date: Mon, 03 Mar 2025 10:00:00 +0000', '', `see http://example.org/${i}/${run}x`, ''].join('\n') +
      '\n';
  }
  return out;
}

/** An .eml whose attachment has a long name, against an admin pack with a many-wildcard filename. */
function longNameEml(): string {
  const name = `${'a'.repeat(4000)}.exe`;
  return [
    'From: sender@example.org',
    'To: me@example.org',
    'Subject: file',
    'Message-ID: <w1@example.org>',
    'Date: Mon, 03 Mar 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'see attached',
    '--b',
    `Content-Type: application/octet-stream; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('MZ not really a program').toString('base64'),
    '--b--',
    '',
  ].join(CRLF);
}

/**
 * The overlap ZIP bomb: one 1 MB run of zeros, and a central directory of 200 entries that all
 * point at its one local header (200 MB declared from about 10 kB).
 */
function overlapBomb(): Uint8Array {
  const z = zipSync({ 'zeros.bin': new Uint8Array(1 << 20) }, { level: 9 });
  const cdStart = z.length - 22 - (46 + 'zeros.bin'.length);
  const eocd = z.slice(z.length - 22);
  const dir = concatBytes(Array.from({ length: 200 }, () => z.subarray(cdStart, z.length - 22)));
  eocd[8] = eocd[10] = 200;
  new DataView(eocd.buffer).setUint32(12, dir.length, true);
  return concatBytes([z.subarray(0, cdStart), dir, eocd]);
}

/** One message carrying 200 overlap bombs (issue 8: this took 201 s). */
function overlapBombsEml(): string {
  const b64 = Buffer.from(overlapBomb()).toString('base64').replace(/.{76}/g, `$&${CRLF}`);
  const parts = Array.from({ length: 200 }, (_, i) =>
    ['--b', `Content-Type: application/zip; name="bomb${i}.zip"`, `Content-Disposition: attachment; filename="bomb${i}.zip"`, 'Content-Transfer-Encoding: base64', '', b64].join(CRLF),
  );
  return [
    'From: sender@example.org',
    'To: me@example.org',
    'Subject: archives',
    'Message-ID: <bombs@example.org>',
    'Date: Mon, 03 Mar 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    ...parts,
    '--b--',
    '',
  ].join(CRLF);
}

const WILDCARD_PACK = `sources:
  - id: local-soc-2025
    title: Local SOC note
    publisher: Example SOC
    date: 2025-03
    url: https://soc.example.org/notes/1
lists:
  - id: local-bad-names
    kind: filename
    description: Attachment names our SOC saw, with parts left open
    entries:
      - value: "${'*a'.repeat(30)}*b.exe"
        sources: [local-soc-2025]
        confidence: high
rules:
  - id: mf-attachment-local-bad-name
    detector: ioc-match
    params:
      lists: [local-bad-names]
    severity: high
    category: ioc
    title: { ja: "社内で確認された不審なファイル名", en: "File name seen in a local incident" }
    explanation: { ja: "社内の調査で見つかったファイル名です。", en: "A file name found in a local investigation." }
    sources: [local-soc-2025]
    guidance: []
    false_positives: [none known]
`;

function scan(args: string[], cwd: string): { status: number | null; stderr: string; records: CliRecord[]; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'scan', '--format', 'jsonl', '--fail-on', 'never', '--file-timeout', '60', ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  const records = (r.stdout ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CliRecord);
  return { status: r.status, stderr: r.stderr ?? '', records, ms: Date.now() - started };
}

describe('hostile input finishes within the limits in the CLI', () => {
  let dir: string;
  beforeAll(() => {
    requireBuiltCli();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-hostile-'));
    fs.writeFileSync(path.join(dir, 'punctuation.mbox'), punctuationMbox());
    fs.writeFileSync(path.join(dir, 'long-name.eml'), longNameEml());
    fs.writeFileSync(path.join(dir, 'wildcards.yml'), WILDCARD_PACK);
    fs.writeFileSync(path.join(dir, 'declared-2gb.msg'), HOSTILE_MSGS['declared 2 GB stream']!());
    fs.writeFileSync(path.join(dir, 'overlap-bombs.eml'), overlapBombsEml());
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the 5 MB punctuation mbox: every message checked, none stopped by a limit', () => {
    expect(fs.statSync(path.join(dir, 'punctuation.mbox')).size).toBeGreaterThan(5_000_000);
    const r = scan(['punctuation.mbox'], dir);
    expect(r.records).toHaveLength(50);
    expect(r.records.filter((x) => x.error !== null)).toEqual([]);
    // Each body is 100,024 characters, just past the 100,000 the rules scan: that cap (and only
    // it) is reported, so the exit code says "not fully checked" (3), not a time or heap limit.
    expect(new Set(r.records.flatMap((x) => x.incomplete.map((i) => `${i.code}:${i.where}`)))).toEqual(new Set(['time-budget:body']));
    expect(r.status).toBe(3);
  });

  it('the many-wildcard admin pack against a 4,000-character name: checked, and only a real match fires', () => {
    const r = scan(['--pack', 'wildcards.yml', 'long-name.eml'], dir);
    expect(r.status).toBe(0);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]?.error).toBeNull();
    // The name has no "b" before ".exe", so the pattern does not match.
    expect(r.records[0]?.findings.map((f) => f.rule)).not.toContain('mf-attachment-local-bad-name');
  });

  it('the small .msg that declares a 2 GB stream: an error record naming the damage, not an allocation', () => {
    expect(fs.statSync(path.join(dir, 'declared-2gb.msg')).size).toBeLessThan(16_000);
    const r = scan(['declared-2gb.msg'], dir);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]?.error).toMatch(/damaged compound file/);
    expect(r.records[0]?.level ?? null).toBeNull();
  });

  it('200 overlap ZIP bombs in one message: every archive listed, each opened once, within the message budget', () => {
    const r = scan(['overlap-bombs.eml'], dir);
    // 200 × 200 listed entries pass the engine's 10,000 files a message: that cap is reported,
    // so the exit code says "not fully checked" (3).
    expect(r.records[0]?.incomplete.filter((i) => i.code === 'archive-too-many-entries').map((i) => i.where)).toEqual(['attachments']);
    expect(r.status).toBe(3);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]?.error).toBeNull();
    // Each bomb's directory lies about itself (200 entries share one header): a finding, not a blind spot.
    expect(r.records[0]?.findings.map((f) => f.rule)).toContain('mf-attachment-archive-inconsistent');
    // Each archive says its overlapping entries were not opened again; no limit had to stop the work.
    const codes = r.records[0]?.incomplete.map((i) => i.code) ?? [];
    expect(codes.filter((c) => c === 'archive-corrupt')).toHaveLength(200);
    expect(codes.filter((c) => c === 'time-budget' || c === 'timeout' || c === 'archive-entry-too-large')).toEqual([]);
  });
});
