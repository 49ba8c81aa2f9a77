/**
 * From records to what the CLI writes, plus the small facts the run keeps (counts, legend ids,
 * notes). Pure, and the same function wherever records are made: in the main thread with
 * --jobs 1, in a worker otherwise, so the bytes written do not depend on --jobs.
 */
import type { Lang, Level } from '../engine/types';
import { formatCsvRow, formatText, isUnchecked, passesMinLevel, visible, type Legend, type ScanSummary } from './format';
import { formatJsonl, toRecordJson, type RecordContext, type ScanRecord } from './record';
import type { OutputFormat } from './args';

export interface RenderOptions {
  format: OutputFormat;
  lang: Lang;
  minLevel: Level;
  showAll: boolean;
}

/** What a batch of records leaves behind besides its output text; plain data (crosses threads). */
export interface Rendered {
  out: string;
  /** Per-record contributions to the summary, in order (only what the counts need crosses threads). */
  counted: Tally[];
  skipped: string[];
  legend: { guidance: string[]; sources: string[] };
}

export interface Tally {
  /** null: the record could not be checked at all. */
  level: Level | null;
  unchecked: boolean;
  incomplete: boolean;
  /** Each rule once, with its severity. */
  rules: [string, string][];
  hidden: boolean;
}

function tally(rec: ScanRecord, hidden: boolean): Tally {
  const v = rec.error === undefined ? rec.verdict : undefined;
  const rules = new Map<string, string>();
  for (const f of v?.findings ?? []) if (!rules.has(f.rule)) rules.set(f.rule, f.severity);
  return { level: v ? v.level : null, unchecked: isUnchecked(rec), incomplete: (v?.incomplete.length ?? 0) > 0, rules: [...rules], hidden };
}

/** Text hides "nothing found" unless asked; --min-level applies to every format. */
function shows(r: ScanRecord, o: RenderOptions): boolean {
  const floor: Level = o.format === 'text' && !o.showAll && o.minLevel === 'none' ? 'low' : o.minLevel;
  if (passesMinLevel(r, floor)) return true;
  // A message that was not fully checked is never hidden as if it were clean.
  return floor === 'low' && o.minLevel === 'none' && r.verdict !== undefined && r.verdict.incomplete.length > 0;
}

export function renderRecords(records: readonly ScanRecord[], ctx: RecordContext, o: RenderOptions): Rendered {
  const legend: Legend = { guidance: new Set(), sources: new Set() };
  const r: Rendered = { out: '', counted: [], skipped: [], legend: { guidance: [], sources: [] } };
  for (const rec of records) {
    if (rec.skipped !== undefined) {
      r.skipped.push(`${visible(rec.folder !== undefined ? `${rec.file}:${rec.folder}` : rec.file)}: ${rec.skipped}`);
      continue;
    }
    const shown = shows(rec, o);
    r.counted.push(tally(rec, !shown));
    if (!shown) continue;
    if (o.format === 'jsonl') r.out += formatJsonl(rec, ctx);
    else if (o.format === 'csv') r.out += formatCsvRow(toRecordJson(rec, ctx));
    else r.out += formatText(rec, o.lang, legend);
  }
  r.legend.guidance = [...legend.guidance];
  r.legend.sources = [...legend.sources];
  return r;
}

/** Folds a batch's facts into the run's summary and legend; returns whether any record reached --fail-on. */
export function absorb(rendered: Omit<Rendered, 'out'>, summary: ScanSummary, legend: Legend, skippedNotes: string[], reaches: (level: Level) => boolean): boolean {
  let threat = false;
  for (const c of rendered.counted) {
    if (c.unchecked) summary.unchecked++;
    if (c.hidden) summary.hidden++;
    if (c.level === null) {
      summary.errors++;
      continue;
    }
    summary.messages++;
    summary.levels[c.level]++;
    if (c.incomplete) summary.incomplete++;
    for (const [rule, severity] of c.rules) {
      const row = summary.rules.get(rule);
      if (row) row.messages++;
      else summary.rules.set(rule, { severity, messages: 1 });
    }
    if (reaches(c.level)) threat = true;
  }
  summary.skipped += rendered.skipped.length;
  skippedNotes.push(...rendered.skipped);
  for (const g of rendered.legend.guidance) legend.guidance.add(g);
  for (const s of rendered.legend.sources) legend.sources.add(s);
  return threat;
}
