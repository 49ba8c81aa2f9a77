/**
 * Turning scan records into output lines. Pure: the CLI decides where the lines go.
 *
 * Everything printed here may come from hostile mail (evidence, attachment names) or from a file
 * name an attacker chose, so text output passes through {@link visible} to stop terminal escape
 * sequences and bidi overrides from rewriting what the analyst sees.
 */
import { evidenceText, incompleteWhere, markInvisibleLine } from '../engine';
import type { Lang, Level, Pack, Verdict } from '../engine/types';
import { INCOMPLETE_LABEL, LEVEL_LABEL, t } from '../i18n/messages';

/** One message's outcome (or one file's failure) as the CLI reports it. */
export interface ScanRecord {
  file: string;
  /** Position inside an mbox, from 0; 0 for single-message files. */
  index: number;
  /** The file held more than one message (print "#index" for people). */
  multi: boolean;
  verdict?: Verdict;
  /** Why the file or message could not be checked at all; a record with error has no verdict. */
  error?: string;
}

export interface JsonFinding {
  rule: string;
  severity: string;
  title: string;
  evidence: string[];
  sources: string[];
}

export interface JsonRecord {
  file: string;
  index: number;
  /** null only with `error`: a record we could not check must never read as level "none". */
  level: Level | null;
  score: number | null;
  findings: JsonFinding[];
  incomplete: { code: string; where?: string; detail?: string }[];
  guidance: string[];
  error?: string;
}

export function toJsonRecord(record: ScanRecord, lang: Lang): JsonRecord {
  const v = record.verdict;
  if (!v || record.error !== undefined) {
    return {
      file: record.file,
      index: record.index,
      level: null,
      score: null,
      findings: [],
      incomplete: [{ code: 'parse-error', detail: record.error ?? 'no verdict' }],
      guidance: [],
      error: record.error ?? 'no verdict',
    };
  }
  return {
    file: record.file,
    index: record.index,
    level: v.level,
    score: v.score,
    findings: v.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      title: t(f.title, lang),
      evidence: f.evidence.map((e) => evidenceText(e, lang)),
      sources: f.sources,
    })),
    incomplete: v.incomplete.map((i) => ({
      code: i.code,
      ...(incompleteWhere(i, lang) !== undefined ? { where: incompleteWhere(i, lang) } : {}),
      ...(i.detail !== undefined ? { detail: i.detail } : {}),
    })),
    guidance: v.guidance,
  };
}

/**
 * One line of JSON. U+2028/U+2029 are legal inside JSON strings but some line readers split on
 * them, which would break the one-record-per-line promise; escaping them costs nothing.
 */
export function formatJsonl(record: ScanRecord, lang: Lang): string {
  return JSON.stringify(toJsonRecord(record, lang)).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`) + '\n';
}

/**
 * Makes control, bidi and zero-width characters visible as <U+XXXX>. Terminals execute C0/C1
 * escapes and render bidi overrides, so a crafted name could otherwise hide ".lnk" or fake a line.
 */
export const visible = markInvisibleLine;

const WORDS = {
  score: { ja: 'スコア', en: 'score' },
  evidence: { ja: '根拠', en: 'evidence' },
  sources: { ja: '出典', en: 'sources' },
  todo: { ja: '対応', en: 'What to do' },
  incomplete: { ja: '確認できなかった点', en: 'Not checked' },
  error: { ja: 'メールとして解析できませんでした', en: 'Could not be parsed as mail' },
} as const;

function fileLabel(record: ScanRecord): string {
  return visible(record.multi ? `${record.file}#${record.index}` : record.file);
}

/** Human-readable lines for one record; a clean message is one short line. */
export function formatText(record: ScanRecord, pack: Pack, lang: Lang): string {
  const v = record.verdict;
  if (!v || record.error !== undefined) {
    return `${fileLabel(record)}\n  [!] ${WORDS.error[lang]}: ${visible(record.error ?? 'no verdict')}\n`;
  }
  if (v.level === 'none' && v.incomplete.length === 0) {
    return `${fileLabel(record)}: ${t(LEVEL_LABEL.none, lang)}\n`;
  }
  const out: string[] = [`${fileLabel(record)}`, `  ${t(LEVEL_LABEL[v.level], lang)} (${WORDS.score[lang]} ${v.score})`];
  for (const f of v.findings) {
    out.push(`  - ${visible(t(f.title, lang))} [${f.rule}, ${f.severity}]`);
    for (const e of f.evidence) out.push(`      ${WORDS.evidence[lang]}: ${visible(e.field)}: ${visible(evidenceText(e, lang))}`);
    if (f.sources.length > 0) out.push(`      ${WORDS.sources[lang]}: ${f.sources.join(', ')}`);
  }
  const guidance = v.guidance.map((id) => pack.guidance.find((g) => g.id === id)).filter((g) => g !== undefined);
  if (guidance.length > 0 && v.level !== 'none') {
    out.push(`  ${WORDS.todo[lang]}:`);
    for (const g of guidance) out.push(`  * ${visible(t(g.title, lang))}: ${visible(t(g.text, lang))}`);
  }
  if (v.incomplete.length > 0) {
    out.push(`  ${WORDS.incomplete[lang]}:`);
    for (const i of v.incomplete) {
      const w = incompleteWhere(i, lang);
      const where = w ? ` (${visible(w)})` : '';
      out.push(`  ? ${t(INCOMPLETE_LABEL[i.code], lang)}${where}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Running totals; the scan keeps only these, never the records themselves. */
export interface ScanSummary {
  files: number;
  messages: number;
  levels: Record<Level, number>;
  errors: number;
  /** Messages with at least one incomplete entry. */
  incomplete: number;
  elapsedMs: number;
}

export function emptySummary(): ScanSummary {
  return { files: 0, messages: 0, levels: { none: 0, low: 0, medium: 0, high: 0, critical: 0 }, errors: 0, incomplete: 0, elapsedMs: 0 };
}

/**
 * What the scan keeps of a record once it is printed: enough for the summary and the exit code.
 * Scan workers send this with the printed text, so the main thread never handles a verdict.
 */
export interface RecordDigest {
  /** null: the message or file could not be checked (an error record). */
  level: Level | null;
  /** Some check could not be done (the level is a lower bound). */
  incomplete: boolean;
}

export function digestRecord(record: ScanRecord): RecordDigest {
  if (!record.verdict || record.error !== undefined) return { level: null, incomplete: false };
  return { level: record.verdict.level, incomplete: record.verdict.incomplete.length > 0 };
}

export function addDigestToSummary(s: ScanSummary, d: RecordDigest): void {
  if (d.level === null) {
    s.errors++;
    return;
  }
  s.messages++;
  s.levels[d.level]++;
  if (d.incomplete) s.incomplete++;
}

export function addToSummary(s: ScanSummary, record: ScanRecord): void {
  addDigestToSummary(s, digestRecord(record));
}

/** The record as printed in the chosen output format. */
export function renderRecord(record: ScanRecord, format: 'text' | 'jsonl', pack: Pack, lang: Lang): string {
  return format === 'jsonl' ? formatJsonl(record, lang) : formatText(record, pack, lang);
}

const SUMMARY_WORDS = {
  head: { ja: '集計', en: 'Summary' },
  files: { ja: 'ファイル', en: 'files' },
  messages: { ja: '通', en: 'messages' },
  errors: { ja: '解析不能', en: 'could not be parsed' },
  incomplete: { ja: '一部未確認', en: 'partly unchecked' },
  elapsed: { ja: '所要時間', en: 'elapsed' },
} as const;

export function formatSummary(s: ScanSummary, lang: Lang): string {
  const levels = (['critical', 'high', 'medium', 'low', 'none'] as const).map((l) => `${t(LEVEL_LABEL[l], lang)}: ${s.levels[l]}`);
  const w = SUMMARY_WORDS;
  return (
    `${w.head[lang]}: ${s.files} ${w.files[lang]}, ${s.messages} ${w.messages[lang]}; ${levels.join(' / ')}; ` +
    `${w.errors[lang]}: ${s.errors}; ${w.incomplete[lang]}: ${s.incomplete}; ${w.elapsed[lang]}: ${(s.elapsedMs / 1000).toFixed(1)} s\n`
  );
}
