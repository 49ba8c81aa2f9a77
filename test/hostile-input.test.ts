/**
 * Hostile input through the built CLI (issue 8, "Must show"): each case finishes within the
 * per-file limits and gives its records. The quadratic trailing-punctuation regex took 335 s on
 * a 5 MB mbox; an admin filename indicator with several `*` backtracked on one attachment name.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, requireBuiltCli, type CliRecord } from './helpers/corpus';
import { declared2GbMsg, longNameEml, overlapBombsEml, punctuationMbox, WILDCARD_PACK } from './helpers/hostile-files';

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
    fs.writeFileSync(path.join(dir, 'declared-2gb.msg'), declared2GbMsg());
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
