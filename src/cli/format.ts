/**
 * Turning scan records into output: text for people, CSV for spreadsheets (jsonl is in
 * record.ts). Pure: the CLI decides where the lines go.
 *
 * Everything printed here may come from hostile mail (evidence, attachment names) or from a file
 * name an attacker chose, so text output passes through {@link visible} to stop terminal escape
 * sequences and bidi overrides from rewriting what the analyst sees, and CSV cells are quoted and
 * kept from being read as spreadsheet formulas.
 */
import { evidenceText, incompleteWhere, markInvisibleLine } from '../engine';
import type { IncompleteCode, Lang, Level, Pack } from '../engine/types';
import { FIELD_LABEL, INCOMPLETE_LABEL, LEVEL_LABEL, SEVERITY_SHORT, t } from '../i18n/messages';
import type { ScanRecord } from './record';
import type { ScanRecordJson } from './record-schema';

export type { ScanRecord } from './record';

/**
 * Makes control, bidi and zero-width characters visible as <U+XXXX>. Terminals execute C0/C1
 * escapes and render bidi overrides, so a crafted name could otherwise hide ".lnk" or fake a line.
 */
export const visible = markInvisibleLine;

const ORDER: readonly Level[] = ['none', 'low', 'medium', 'high', 'critical'];

/** Whether a record passes `--min-level`. A record that could not be checked always does: it is never "below" anything. */
export function passesMinLevel(record: ScanRecord, minLevel: Level): boolean {
  if (!record.verdict || record.error !== undefined) return true;
  return ORDER.indexOf(record.verdict.level) >= ORDER.indexOf(minLevel);
}

/**
 * Incomplete codes that mean a limit or a failure stopped part of the check (exit code 3), as
 * opposed to facts about the message (an encrypted archive, an Outlook item without transport
 * headers), which the findings and the level already speak for.
 */
export const LIMIT_CODES: ReadonlySet<IncompleteCode> = new Set<IncompleteCode>([
  'parse-error',
  'attachment-too-large',
  'attachments-unavailable',
  'attachment-content-unavailable',
  'archive-too-deep',
  'archive-too-many-entries',
  'archive-entry-too-large',
  'message-too-deep',
  'time-budget',
  'timeout',
  'rule-error',
]);

/** The record could not be checked in full: an error, or a limit hit (see {@link LIMIT_CODES}). */
export function isUnchecked(record: ScanRecord): boolean {
  if (!record.verdict || record.error !== undefined) return true;
  return record.verdict.incomplete.some((i) => LIMIT_CODES.has(i.code));
}

/** The CLI's words, in docs/glossary.md's terms (the pane uses the same ones). */
const WORDS = {
  score: { ja: 'スコア', en: 'score' },
  evidence: { ja: '根拠', en: 'evidence' },
  sources: { ja: '参照した公開情報', en: 'sources' },
  todo: { ja: 'すべきこと', en: 'What to do' },
  incomplete: { ja: '確認できなかった項目', en: 'Not checked' },
  error: { ja: 'メールとして解析できませんでした', en: 'Could not be parsed as mail' },
  from: { ja: '差出人', en: 'From' },
  subject: { ja: '件名', en: 'Subject' },
  date: { ja: '日時', en: 'Date' },
  severity: { ja: '危険度', en: 'severity' },
  notFully: { ja: '一部を確認できませんでした', en: 'not fully checked' },
  legendTodo: { ja: 'すべきこと（記号の説明）', en: 'What to do (legend)' },
  legendSources: { ja: '参照した公開情報（記号の説明）', en: 'Sources (legend)' },
} as const;

/**
 * Punctuation in the reader's language: Japanese takes full-width colons, brackets and commas
 * around Japanese words (the glossary's first rule); identifiers inside stay half-width.
 */
const P = {
  colon: { ja: '：', en: ': ' },
  comma: { ja: '、', en: ', ' },
  semi: { ja: '。', en: '; ' },
  open: { ja: '（', en: ' (' },
  close: { ja: '）', en: ')' },
} as const;
const paren = (inner: string, lang: Lang): string => `${P.open[lang]}${inner}${P.close[lang]}`;
/** A severity in the reader's words (高, 中…) in Japanese; English keeps the engine's id. */
const severityWord = (severity: string, lang: Lang): string =>
  lang === 'ja' && severity in SEVERITY_SHORT ? SEVERITY_SHORT[severity as keyof typeof SEVERITY_SHORT].ja : severity;

function fileLabel(record: ScanRecord): string {
  const where = record.folder !== undefined ? `${record.file}:${record.folder}` : record.file;
  return visible(record.multi || record.folder !== undefined ? `${where}#${record.index}` : where);
}

/** Guidance and source ids seen in printed records, for the legend at the end. */
export interface Legend {
  guidance: Set<string>;
  sources: Set<string>;
}

export function emptyLegend(): Legend {
  return { guidance: new Set(), sources: new Set() };
}

/**
 * Human-readable lines for one record. Guidance is named by id (the legend at the end gives the
 * text once), so a hundred hits do not repeat the same paragraphs a hundred times.
 */
export function formatText(record: ScanRecord, lang: Lang, legend: Legend = emptyLegend()): string {
  const v = record.verdict;
  if (!v || record.error !== undefined) {
    return `${fileLabel(record)}\n  [!] ${WORDS.error[lang]}${P.colon[lang]}${visible(record.error ?? 'no verdict')}\n`;
  }
  if (v.level === 'none' && v.incomplete.length === 0) {
    return `${fileLabel(record)}: ${t(LEVEL_LABEL.none, lang)}\n`;
  }
  const out: string[] = [`${fileLabel(record)}`, `  ${t(LEVEL_LABEL[v.level], lang)}${paren(`${WORDS.score[lang]} ${v.score}`, lang)}${v.incomplete.length > 0 ? `${P.comma[lang]}${WORDS.notFully[lang]}` : ''}`];
  const colon = P.colon[lang];
  const f0 = record.facts;
  if (f0 && v.level !== 'none') {
    if (f0.from) out.push(`  ${WORDS.from[lang]}${colon}${visible(f0.from.name ? `${f0.from.name} <${f0.from.address}>` : f0.from.address)}`);
    if (f0.subject !== null) out.push(`  ${WORDS.subject[lang]}${colon}${visible(f0.subject)}`);
    if (f0.date !== null) out.push(`  ${WORDS.date[lang]}${colon}${f0.date}`);
  }
  for (const f of v.findings) {
    out.push(`  - ${visible(t(f.title, lang))} [${f.rule}${P.comma[lang]}${lang === 'ja' ? `${WORDS.severity.ja} ` : ''}${severityWord(f.severity, lang)}]`);
    for (const e of f.evidence) {
      // English keeps the engine's field id (an analyst greps for it); Japanese names it in the glossary's words.
      const field = lang === 'ja' ? `${paren(visible(FIELD_LABEL[e.field]?.ja ?? e.field), lang)}${colon}` : `${colon}${visible(e.field)}: `;
      out.push(`      ${WORDS.evidence[lang]}${field}${visible(evidenceText(e, lang))}`);
    }
    if (f.sources.length > 0) {
      out.push(`      ${WORDS.sources[lang]}${colon}${f.sources.join(', ')}`);
      for (const s of f.sources) legend.sources.add(s);
    }
  }
  if (v.guidance.length > 0 && v.level !== 'none') {
    out.push(`  ${WORDS.todo[lang]}${colon}${v.guidance.map((g) => `[${g}]`).join(' ')}`);
    for (const g of v.guidance) legend.guidance.add(g);
  }
  if (v.incomplete.length > 0) {
    out.push(`  ${WORDS.incomplete[lang]}${colon.trimEnd()}`);
    for (const i of v.incomplete) {
      const w = incompleteWhere(i, lang);
      const where = w ? paren(visible(w), lang) : '';
      out.push(`  ? ${t(INCOMPLETE_LABEL[i.code], lang)}${where}`);
    }
  }
  return out.join('\n') + '\n';
}

/** The guidance and sources the printed records named, each once. Empty when none was named. */
export function formatLegend(legend: Legend, pack: Pack, lang: Lang): string {
  const out: string[] = [];
  const guidance = pack.guidance.filter((g) => legend.guidance.has(g.id));
  if (guidance.length > 0) {
    out.push(`${WORDS.legendTodo[lang]}${P.colon[lang].trimEnd()}`);
    for (const g of guidance) out.push(`  [${g.id}] ${visible(t(g.title, lang))}${P.colon[lang]}${visible(t(g.text, lang))}`);
  }
  const sources = pack.sources.filter((s) => legend.sources.has(s.id));
  if (sources.length > 0) {
    out.push(`${WORDS.legendSources[lang]}${P.colon[lang].trimEnd()}`);
    // Titles are the reports' own (in their language); the brackets around them follow the reader's.
    for (const s of sources) out.push(`  ${s.id}: ${visible(s.title)}${paren(`${visible(s.publisher)}${P.comma[lang]}${s.date}`, lang)} ${visible(s.url)}`);
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}

/** Running totals; the scan keeps only these, never the records themselves. */
export interface ScanSummary {
  files: number;
  messages: number;
  levels: Record<Level, number>;
  /** Records that could not be checked at all (level null). */
  errors: number;
  /** Messages with at least one incomplete entry. */
  incomplete: number;
  /** Records that could not be checked in full (errors, or a limit hit): exit code 3. */
  unchecked: number;
  /** Files skipped because they are not mail (a LICENSE, a README, an empty file). */
  skipped: number;
  /** Messages per rule, with the rule's severity. */
  rules: Map<string, { severity: string; messages: number }>;
  /** Records left out of the output by --min-level or the text report's default. */
  hidden: number;
  elapsedMs: number;
}

export function emptySummary(): ScanSummary {
  return {
    files: 0,
    messages: 0,
    levels: { none: 0, low: 0, medium: 0, high: 0, critical: 0 },
    errors: 0,
    incomplete: 0,
    unchecked: 0,
    skipped: 0,
    rules: new Map(),
    hidden: 0,
    elapsedMs: 0,
  };
}

export function addToSummary(s: ScanSummary, record: ScanRecord): void {
  if (isUnchecked(record)) s.unchecked++;
  if (!record.verdict || record.error !== undefined) {
    s.errors++;
    return;
  }
  s.messages++;
  s.levels[record.verdict.level]++;
  if (record.verdict.incomplete.length > 0) s.incomplete++;
  const seen = new Set<string>();
  for (const f of record.verdict.findings) {
    if (seen.has(f.rule)) continue;
    seen.add(f.rule);
    const row = s.rules.get(f.rule);
    if (row) row.messages++;
    else s.rules.set(f.rule, { severity: f.severity, messages: 1 });
  }
}

const SUMMARY_WORDS = {
  head: { ja: '集計', en: 'Summary' },
  files: { ja: 'ファイル', en: 'files' },
  messages: { ja: '通', en: 'messages' },
  skipped: { ja: 'メール以外のため対象外', en: 'skipped, not mail' },
  errors: { ja: '解析不能', en: 'could not be parsed' },
  unchecked: { ja: '確認しきれなかったもの', en: 'not fully checked (limit or failure)' },
  incomplete: { ja: '一部を確認できなかったもの', en: 'partly unchecked' },
  hidden: { ja: '表示を省略', en: 'not shown' },
  elapsed: { ja: '所要時間', en: 'elapsed' },
  level: { ja: 'レベル', en: 'Level' },
  rule: { ja: 'ルール', en: 'Rule' },
  severity: { ja: '危険度', en: 'Severity' },
  count: { ja: '通数', en: 'Messages' },
} as const;

/** Display width: East Asian wide characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) || ch.codePointAt(0)! > 0x1ffff ? 2 : 1;
  return w;
}
const padEnd = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows.map((r) => `  ${r.map((cell, c) => (c === r.length - 1 ? cell : padEnd(cell, widths[c]!))).join('  ')}`.trimEnd());
}

/** The closing summary: one line of totals, then counts by level and by rule. */
export function formatSummary(s: ScanSummary, lang: Lang): string {
  const w = SUMMARY_WORDS;
  const [c, cm, sc] = [P.colon[lang], P.comma[lang], P.semi[lang]];
  const head =
    `${w.head[lang]}${c}${s.files} ${w.files[lang]}${cm}${s.messages} ${w.messages[lang]}${sc}` +
    `${w.skipped[lang]}${c}${s.skipped}${sc}${w.errors[lang]}${c}${s.errors}${sc}${w.unchecked[lang]}${c}${s.unchecked}${sc}${w.incomplete[lang]}${c}${s.incomplete}${sc}` +
    (s.hidden > 0 ? `${w.hidden[lang]}${c}${s.hidden}${sc}` : '') +
    `${w.elapsed[lang]}${c}${(s.elapsedMs / 1000).toFixed(1)} s`;
  const levels = table([[w.level[lang], w.count[lang]], ...(['critical', 'high', 'medium', 'low', 'none'] as const).map((l) => [t(LEVEL_LABEL[l], lang), String(s.levels[l])])]);
  const byRule = [...s.rules].sort((a, b) => b[1].messages - a[1].messages || (a[0] < b[0] ? -1 : 1));
  const rules = byRule.length > 0 ? table([[w.rule[lang], w.severity[lang], w.count[lang]], ...byRule.map(([id, r]) => [id, severityWord(r.severity, lang), String(r.messages)])]) : [];
  return [head, ...levels, ...(rules.length > 0 ? ['', ...rules] : [])].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/** Excel reads UTF-8 only with a byte-order mark; without it Japanese becomes mojibake. */
export const CSV_BOM = '\ufeff';

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. A cell that a
 * spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return that
 * some of them skip first) gets a leading apostrophe, so an attacker's subject line stays text.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_COLUMNS = [
  'file',
  'index',
  'folder',
  'level',
  'score',
  'rules',
  'date',
  'from',
  'reply_to',
  'to',
  'cc',
  'subject',
  'message_id',
  'attachments',
  'sha256',
  'hosts',
  'incomplete',
  'error',
] as const;

export function csvHeader(): string {
  return CSV_BOM + CSV_COLUMNS.join(',') + '\r\n';
}

/** One row per message; lists inside a cell are joined with "; ". */
export function formatCsvRow(r: ScanRecordJson): string {
  const addr = (m: { name: string; address: string }): string => (m.name ? `${m.name} <${m.address}>` : m.address);
  const hosts = [...new Set(r.urls.map((u) => u.host).filter((h): h is string => h !== null))];
  const cells: Record<(typeof CSV_COLUMNS)[number], string | number | null> = {
    file: r.file,
    index: r.index,
    folder: r.folder,
    level: r.level,
    score: r.score,
    rules: r.findings.map((f) => f.rule).join('; '),
    date: r.date,
    from: r.from ? addr(r.from) : null,
    reply_to: r.reply_to.map(addr).join('; '),
    to: r.to.map(addr).join('; '),
    cc: r.cc.map(addr).join('; '),
    subject: r.subject,
    message_id: r.message_id,
    attachments: r.attachments.map((a) => a.path).join('; '),
    sha256: r.attachments.map((a) => a.sha256 ?? '').join('; '),
    hosts: hosts.join('; '),
    incomplete: r.incomplete.map((i) => i.code).join('; '),
    error: r.error,
  };
  return CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',') + '\r\n';
}
