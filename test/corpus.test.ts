/**
 * The built CLI over every real message in ../shared/corpora (5,283 files, mbox split into
 * messages): nothing crashes, every file yields at least one well-formed record, and the whole
 * scan finishes in bounded time. Prints the per-collection level counts for the report.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { LIMIT_CODES } from '../src/cli/format';
import type { IncompleteCode } from '../src/engine/types';
import { CORPORA, REPO_ROOT, collectionOf, listFiles, requireBuiltCli, requireCorpora, scanJsonl, type CliRecord, type CliRun } from './helpers/corpus';

/**
 * Generous ceiling for the whole corpus on a 2-core CI runner. It exists to catch a hang or a
 * quadratic blow-up (minutes), not to benchmark; `npm run bench` measures speed.
 */
const WHOLE_CORPUS_MS = 240_000;
const LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const;

describe('the CLI over all real corpora', () => {
  let run: CliRun;
  let files: string[];
  beforeAll(() => {
    requireCorpora();
    requireBuiltCli();
    files = listFiles(CORPORA);
    // Two workers, whatever the runner's core count, so the comparison below is always 1 against a pool.
    run = scanJsonl(['--jobs', '2', '.']);
  }, WHOLE_CORPUS_MS + 60_000);

  it('finds the whole corpus (the checks below cannot pass on an empty run)', () => {
    expect(files.length).toBeGreaterThanOrEqual(5283);
    expect(run.records.length).toBeGreaterThanOrEqual(files.length);
  });

  it('exits cleanly, with no internal error: 3 exactly when some record could not be checked in full', () => {
    expect(run.stderr).not.toMatch(/internal error/);
    const unchecked = run.records.filter((r) => r.error !== null || r.incomplete.some((i) => LIMIT_CODES.has(i.code as IncompleteCode)));
    expect(run.status).toBe(unchecked.length > 0 ? 3 : 0);
  });

  it('skips exactly the files that are not mail (licences, notes, empty files), with a note each', () => {
    const names = run.skipped.map((f) => path.basename(f));
    expect(run.skipped.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/LICENSE|NOTICE|COPYING|README|\.md$|MANIFEST|\.txt$|emptyfile|bsmtpnull|noheader/);
    // A file in RFC 822's obsolete syntax ("Subject :") is mail even if no header could be read.
    expect(run.skipped.map((f) => path.basename(f))).not.toContain('obsolete.msg');
    expect(run.stderr).toMatch(/skipped, not mail: \d+/);
  });

  it('--jobs 1 writes the same bytes as --jobs 2, over the whole corpora', () => {
    const one = scanJsonl(['--jobs', '1', '.']);
    expect(one.status).toBe(run.status);
    expect(one.stdout.length).toBeGreaterThan(1_000_000);
    // Compared as text, not record by record, so a reordering or a changed byte both fail.
    expect(one.stdout === run.stdout).toBe(true);
  }, WHOLE_CORPUS_MS);

  it('every record validates against the published JSON Schema (schemas/scan-record.schema.json)', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/scan-record.schema.json'), 'utf8')));
    const bad: string[] = [];
    for (const r of run.records) if (!validate(r as unknown)) bad.push(`${r.file}#${r.index}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('finishes within the time bound', () => {
    const perMessage = run.elapsedMs / Math.max(1, run.records.length);
    console.log(`corpus scan: ${run.records.length} records from ${files.length} files in ${(run.elapsedMs / 1000).toFixed(1)} s (${perMessage.toFixed(2)} ms/record)`);
    expect(run.elapsedMs).toBeLessThan(WHOLE_CORPUS_MS);
  });

  it('every file yields at least one record or a skip note, and no record names a file that is not there', () => {
    const seen = new Set([...run.records.map((r) => r.file), ...run.skipped]);
    expect(files.filter((f) => !seen.has(f))).toEqual([]);
    const known = new Set(files);
    expect([...seen].filter((f) => !known.has(f))).toEqual([]);
  });

  it('records come in walk order, with indexes 0..n-1 per file', () => {
    const order: string[] = [];
    const counts = new Map<string, number[]>();
    for (const r of run.records) {
      if (order[order.length - 1] !== r.file) order.push(r.file);
      counts.set(r.file, [...(counts.get(r.file) ?? []), r.index]);
    }
    const skipped = new Set(run.skipped);
    expect(order).toEqual(files.filter((f) => !skipped.has(f)));
    const broken = [...counts].filter(([, idx]) => idx.some((v, i) => v !== i)).map(([f, idx]) => `${f}: ${idx.join(',')}`);
    expect(broken).toEqual([]);
  });

  /**
   * Expected message counts, read off the files by hand. unmunged.mbox.txt has two messages whose
   * bodies hold an unescaped "From Russia with love" line, which must not start a third; the
   * Content-Length mbox has bodies with unescaped "From " lines, so only a floor is asserted.
   */
  it.each<[string, number, 'exactly' | 'at least']>([
    ['mimekit/mbox/simple.mbox.txt', 3, 'exactly'],
    ['mimekit/mbox/issue1189.mbox.txt', 4, 'exactly'],
    ['mimekit/mbox/unmunged.mbox.txt', 2, 'exactly'],
    ['mimekit/mbox/content-length.mbox.txt', 2, 'at least'],
  ])('mbox %s is split into %i messages (%s)', (file, n, how) => {
    const messages = run.records.filter((r) => r.file === file.split('/').join(path.sep) && r.error === null).length;
    if (how === 'exactly') expect(messages).toBe(n);
    else expect(messages).toBeGreaterThanOrEqual(n);
  });

  it('every record is well-formed, and failures can never read as clean', () => {
    const bad: string[] = [];
    const check = (r: CliRecord): string | null => {
      if (typeof r.file !== 'string' || !Number.isInteger(r.index) || r.index < 0) return 'file/index';
      if (!Array.isArray(r.findings) || !Array.isArray(r.incomplete) || !Array.isArray(r.guidance)) return 'arrays';
      if (r.error !== null) return r.level === null && r.score === null && typeof r.error === 'string' && r.incomplete.length > 0 ? null : 'error shape';
      if (!LEVELS.includes(r.level as (typeof LEVELS)[number]) || typeof r.score !== 'number') return 'level/score';
      for (const f of r.findings) {
        if (!/^mf-[a-z0-9-]+$/.test(f.rule) || !LEVELS.includes(f.severity as (typeof LEVELS)[number])) return 'finding rule/severity';
        if (typeof f.title !== 'string' || f.title === '' || !Array.isArray(f.evidence) || !Array.isArray(f.sources)) return 'finding shape';
        if (f.evidence.some((e) => typeof e.value !== 'string' || typeof e.display !== 'string')) return 'evidence';
      }
      if (r.level !== 'none' && r.findings.length === 0) return 'level without findings';
      for (const i of r.incomplete) if (typeof i.code !== 'string') return 'incomplete';
      return null;
    };
    for (const r of run.records) {
      const problem = check(r);
      if (problem) bad.push(`${r.file}#${r.index}: ${problem}`);
    }
    expect(bad).toEqual([]);
  });

  it('no parser or engine crash on real mail', () => {
    // Per-file failures the scan caught from a throw (not a clean "not mail" answer) are crashes.
    const crashes = run.records.filter((r) => r.error !== null && /^(parser failed|engine failed)/.test(r.error));
    expect(crashes.map((r) => `${r.file}: ${r.error}`)).toEqual([]);
  });

  it('prints counts per level per collection', () => {
    const table = new Map<string, Record<string, number>>();
    for (const r of run.records) {
      const c = collectionOf(r.file);
      const row = table.get(c) ?? { messages: 0, none: 0, low: 0, medium: 0, high: 0, critical: 0, error: 0, incomplete: 0 };
      if (r.error !== null) row.error = (row.error ?? 0) + 1;
      else {
        row.messages = (row.messages ?? 0) + 1;
        row[r.level as string] = (row[r.level as string] ?? 0) + 1;
        if (r.incomplete.length > 0) row.incomplete = (row.incomplete ?? 0) + 1;
      }
      table.set(c, row);
    }
    const cols = ['messages', 'none', 'low', 'medium', 'high', 'critical', 'error', 'incomplete'];
    const lines = [['collection', ...cols].join('\t'), ...[...table].sort().map(([c, row]) => [c, ...cols.map((k) => String(row[k] ?? 0))].join('\t'))];
    console.log(`levels per collection:\n${lines.join('\n')}`);
    expect(table.size).toBeGreaterThanOrEqual(16);
  });
});
