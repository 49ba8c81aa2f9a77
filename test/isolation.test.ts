/**
 * Per-file isolation in `mirrorface-guard scan` (issue 8, item 7): every file runs in a worker of
 * the pool with a time and a heap limit; a file that exceeds one gets an error record naming the
 * limit, and every other file still gets its record, in walk order.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_MAX_HEAP_MB, DEFAULT_TASK_TIMEOUT_MS } from '../src/adapters/pool/limits';
import { defaultJobs, parseArgs, type ScanOptions } from '../src/cli/args';
import { CLI, requireBuiltCli, type CliRecord } from './helpers/corpus';
import { loopingMsg } from './helpers/looping-msg';

describe('parseArgs: isolation and parallelism', () => {
  const options = (argv: string[], env: Record<string, string> = {}): ScanOptions => {
    const r = parseArgs(['scan', ...argv, 'a'], env);
    if (r.kind !== 'scan') throw new Error(`expected scan, got ${JSON.stringify(r)}`);
    return r.options;
  };

  it('defaults: one worker per core, the named limits', () => {
    expect(options([])).toMatchObject({ jobs: defaultJobs(), fileTimeoutMs: DEFAULT_TASK_TIMEOUT_MS, maxHeapMb: DEFAULT_MAX_HEAP_MB });
    expect(defaultJobs()).toBeGreaterThanOrEqual(1);
  });

  it.each<[string[], Record<string, string>, Partial<ScanOptions>]>([
    [['--jobs', '3'], {}, { jobs: 3 }],
    [['--jobs=1'], {}, { jobs: 1 }],
    [['--file-timeout', '2.5'], {}, { fileTimeoutMs: 2500 }],
    [['--max-heap-mb', '256'], {}, { maxHeapMb: 256 }],
    [[], { MFG_JOBS: '2', MFG_FILE_TIMEOUT: '10', MFG_MAX_HEAP_MB: '300' }, { jobs: 2, fileTimeoutMs: 10_000, maxHeapMb: 300 }],
    [['--jobs', '4', '--file-timeout', '1'], { MFG_JOBS: '2', MFG_FILE_TIMEOUT: '10' }, { jobs: 4, fileTimeoutMs: 1000 }],
  ])('%j with env %j', (argv, env, expected) => {
    expect(options(argv, env)).toMatchObject(expected);
  });

  it.each<[string[], Record<string, string>, RegExp]>([
    [['--jobs', '0'], {}, /--jobs must be a whole number of workers from 1 to 256, not "0"/],
    [['--jobs', '1.5'], {}, /--jobs must be a whole number/],
    [['--jobs', 'all'], {}, /--jobs must be/],
    [['--file-timeout', '-1'], {}, /--file-timeout must be a number of seconds/],
    [['--file-timeout', '1e9'], {}, /--file-timeout must be/],
    [['--max-heap-mb', '8'], {}, /--max-heap-mb must be a whole number of megabytes from 16/],
    [[], { MFG_FILE_TIMEOUT: 'soon' }, /MFG_FILE_TIMEOUT must be a number of seconds/],
    [['--jobs'], {}, /--jobs needs a value|--jobs must be/],
  ])('%j with env %j is a usage error', (argv, env, message) => {
    const r = parseArgs(['scan', ...argv, 'a'], env);
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(message);
  });
});

const CRLF = '\r\n';
const mail = (n: number): string =>
  [`From: sender${n}@example.org`, 'To: me@example.org', `Subject: note ${n}`, `Message-ID: <n${n}@example.org>`, 'Date: Mon, 03 Mar 2025 10:00:00 +0000', '', `Plain note number ${n}.`, ''].join(CRLF);

function scan(args: string[], cwd: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string; records: CliRecord[]; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', ...env }, timeout: 90_000 });
  const stdout = r.stdout ?? '';
  const records = args.includes('jsonl') ? stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CliRecord) : [];
  return { status: r.status, stdout, stderr: r.stderr ?? '', records, ms: Date.now() - started };
}

describe('mirrorface-guard scan: one file cannot stop the scan', () => {
  let dir: string;
  beforeAll(() => {
    requireBuiltCli();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-isolation-'));
    fs.mkdirSync(path.join(dir, 'three'));
    fs.writeFileSync(path.join(dir, 'three/a.eml'), mail(1));
    fs.writeFileSync(path.join(dir, 'three/b-looping.msg'), loopingMsg());
    fs.writeFileSync(path.join(dir, 'three/c.eml'), mail(2));
    fs.mkdirSync(path.join(dir, 'many'));
    for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(dir, `many/m${String(i).padStart(2, '0')}.eml`), mail(i));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // The .msg guard (src/adapters/files/msg-guard.ts) refuses the looping file before msgreader
  // follows its chain, so it ends as a parse error at once; the pool's limits stay the backstop
  // for anything the guards miss (src/adapters/pool/pool.test.ts drives them with a test worker).
  it('a looping .msg among three files: three records, the bad one an error, exit 3 (not checked)', () => {
    const r = scan(['--format', 'jsonl', '--max-heap-mb', '64', 'three'], dir);
    expect(r.stderr).not.toMatch(/internal error|FATAL/);
    expect(r.status).toBe(3);
    expect(r.records.map((x) => [x.file, x.level])).toEqual([
      ['three/a.eml', 'none'],
      ['three/b-looping.msg', null],
      ['three/c.eml', 'none'],
    ]);
    expect(r.records[1]?.error).toMatch(/damaged compound file: directory chain loops/);
    expect(r.stderr).toMatch(/3 files, 2 messages.*could not be parsed: 1/);
  });

  it('the same file with a 1 s time limit: the same error, within a few seconds', () => {
    const r = scan(['--format', 'jsonl', '--file-timeout', '1', '--max-heap-mb', '512', 'three'], dir);
    expect(r.status).toBe(3);
    expect(r.records.map((x) => x.level)).toEqual(['none', null, 'none']);
    expect(r.records[1]?.error).toMatch(/damaged compound file/);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('text output says the same, and the environment sets the limit', () => {
    const r = scan(['--show-all', 'three'], dir, { MFG_FILE_TIMEOUT: '1', MFG_MAX_HEAP_MB: '512' });
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/three\/a\.eml: Nothing found/);
    expect(r.stdout).toMatch(/three\/b-looping\.msg\n {2}\[!\] Could not be parsed as mail: .*damaged compound file/);
    expect(r.stdout).toMatch(/three\/c\.eml: Nothing found/);
  });

  it('--jobs 1, 2 and 3 print the same bytes, in walk order', () => {
    const runs = [1, 2, 3].map((jobs) => scan(['--format', 'jsonl', '--jobs', String(jobs), 'many'], dir));
    for (const r of runs) expect(r.status).toBe(0);
    expect(runs[0]?.records.map((x) => path.basename(x.file))).toEqual(Array.from({ length: 60 }, (_, i) => `m${String(i).padStart(2, '0')}.eml`));
    expect(runs[1]?.stdout).toBe(runs[0]?.stdout);
    expect(runs[2]?.stdout).toBe(runs[0]?.stdout);
  });
});
