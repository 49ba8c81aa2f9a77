import * as React from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { evidenceText, incompleteWhere } from '../../engine/attached';
import type { Finding, Incomplete, Lang, Pack, Severity, Source, Verdict } from '../../engine/types';
import { INCOMPLETE_LABEL, SEVERITY_SHORT, labelled, whereLabel } from '../../i18n/messages';
import { ui } from '../i18n';

/**
 * How many "could not check" lines to list before summarising the rest; a hostile archive can
 * produce hundreds and the reader needs the kinds, not every instance.
 */
export const MAX_INCOMPLETE_SHOWN = 12;
/** Evidence lines per reason; more adds length, not understanding. */
export const MAX_EVIDENCE_SHOWN = 8;
/** Reasons listed open; the rest behind 「ほかの理由」. */
export const TOP_REASONS = 8;
/** Steps of 「すべきこと」 shown open; the rest wait behind one line. */
export const TOP_GUIDANCE = 3;

/** Griffel takes each edge's colour on its own. */
function edges(color: string): { borderTopColor: string; borderRightColor: string; borderBottomColor: string; borderLeftColor: string } {
  return { borderTopColor: color, borderRightColor: color, borderBottomColor: color, borderLeftColor: color };
}

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  plainList: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  reasons: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  reason: { borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  summary: {
    cursor: 'pointer',
    padding: `${tokens.spacingVerticalXS} 0`,
    display: 'list-item',
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, borderRadius: tokens.borderRadiusSmall },
  },
  // One entry per reason: its title, then its key evidence on one line, cut with an ellipsis.
  summaryLine: {
    display: 'inline-flex',
    width: 'calc(100% - 1.2em)',
    columnGap: tokens.spacingHorizontalXS,
    alignItems: 'baseline',
    verticalAlign: 'top',
    overflow: 'hidden',
  },
  tag: {
    flexShrink: 0,
    fontSize: tokens.fontSizeBase100,
    lineHeight: tokens.lineHeightBase100,
    fontWeight: tokens.fontWeightSemibold,
    padding: `0 ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusSmall,
    border: `${tokens.strokeWidthThin} solid`,
    color: tokens.colorNeutralForeground1,
  },
  // The word carries the meaning in the text colour (full contrast in both themes); the edge
  // and fill add the colour.
  tagHigh: { ...edges(tokens.colorStatusDangerBorder2), backgroundColor: tokens.colorStatusDangerBackground1 },
  tagMedium: { ...edges(tokens.colorStatusWarningBorder2), backgroundColor: tokens.colorStatusWarningBackground1 },
  tagLow: { ...edges(tokens.colorNeutralStroke1) },
  summaryText: { minWidth: 0, display: 'flex', flexDirection: 'column' },
  // The title is read whole: it wraps (between phrases, see App's root style), never cut. Only
  // the evidence after it is cut to one line.
  summaryTitle: { fontWeight: tokens.fontWeightSemibold },
  summaryEvidence: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    textOverflow: 'ellipsis',
  },
  detail: { padding: `0 0 ${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  para: { margin: 0 },
  evidence: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
    wordBreak: 'break-word',
  },
  quiet: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  notChecked: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
  },
  smallHeading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  sourceList: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  // A plain anchor in Fluent's link colours: the Link component costs ~2 KB gzip for nothing more.
  link: {
    color: tokens.colorBrandForegroundLink,
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, borderRadius: tokens.borderRadiusSmall },
  },
});

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** One reason line: every finding of one rule together, strongest severity first. */
export interface Reason {
  rule: string;
  severity: Severity;
  title: Finding['title'];
  explanation: Finding['explanation'];
  evidence: Finding['evidence'];
  sources: string[];
}

/** Findings → reasons, one per rule, strongest first (so a count of lines is a count of rules). */
export function reasonsOf(findings: readonly Finding[]): Reason[] {
  const byRule = new Map<string, Reason>();
  for (const f of findings) {
    const r = byRule.get(f.rule);
    if (!r) {
      byRule.set(f.rule, { rule: f.rule, severity: f.severity, title: f.title, explanation: f.explanation, evidence: [...f.evidence], sources: [...f.sources] });
      continue;
    }
    if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[r.severity]) r.severity = f.severity;
    const id = (e: Finding['evidence'][number]): string => `${e.field}|${e.display}|${e.within?.en ?? ''}`;
    const seen = new Set(r.evidence.map(id));
    for (const e of f.evidence) if (!seen.has(id(e))) r.evidence.push(e);
    for (const s of f.sources) if (!r.sources.includes(s)) r.sources.push(s);
  }
  return [...byRule.values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** Every source cited, once, in order of first citation, with the rules that cite it. */
export function citedSources(reasons: readonly Reason[]): Array<{ id: string; number: number; rules: string[] }> {
  const out = new Map<string, { id: string; number: number; rules: string[] }>();
  for (const r of reasons) {
    for (const id of r.sources) {
      const s = out.get(id) ?? { id, number: out.size + 1, rules: [] };
      if (!s.rules.includes(r.rule)) s.rules.push(r.rule);
      out.set(id, s);
    }
  }
  return [...out.values()];
}

export interface IncompleteLine {
  key: string;
  code: Incomplete['code'];
  /** Where, in the reader's words (attachment names, attached-message paths), if named. */
  where?: string;
  text: string;
}

/** One line per distinct (code, where), labelled in the reader's language. */
export function incompleteLines(incomplete: Incomplete[], lang: Lang): IncompleteLine[] {
  const seen = new Set<string>();
  const out: IncompleteLine[] = [];
  for (const item of incomplete) {
    // "attachment:a.zip" in the reader's words, inside any attached message's path.
    const w = incompleteWhere(item.where ? { ...item, where: whereLabel(item.where, lang) } : item, lang);
    const key = `${item.code}|${w ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const label = INCOMPLETE_LABEL[item.code]?.[lang] ?? item.code;
    const where = w ? (lang === 'ja' ? `（${w}）` : ` (${w})`) : '';
    out.push({ key, code: item.code, ...(w ? { where: w } : {}), text: label + where });
  }
  return out;
}

function count(n: number, lang: Lang): string {
  return lang === 'ja' ? `（${n} 件）` : ` (${n})`;
}

function more(n: number, lang: Lang): string {
  return lang === 'ja' ? `ほか ${n} 件` : `and ${n} more`;
}

/** 「すべきこと」: the steps that matter most, open; the rest behind one line. */
export function GuidanceList({ ids, pack, lang, children }: { ids: string[]; pack: Pack; lang: Lang; children?: React.ReactNode }): React.ReactElement | null {
  const styles = useStyles();
  const headingId = React.useId();
  const byId = new Map(pack.guidance.map((g) => [g.id, g]));
  const items = ids.map((id) => byId.get(id)).filter((g) => g !== undefined);
  if (items.length === 0) return children ? <div className={styles.section}>{children}</div> : null;
  const top = items.slice(0, TOP_GUIDANCE);
  const rest = items.slice(TOP_GUIDANCE);
  return (
    <section className={styles.section} aria-labelledby={headingId} data-testid="guidance">
      <h2 id={headingId} className={styles.heading}>
        {ui('guidanceHeading', lang)}
      </h2>
      {top.length > 0 && (
        <ol className={styles.steps} data-testid="guidance-list">
          {top.map((g) => (
            <li key={g.id} data-guidance={g.id}>
              <details>
                <summary className={styles.summary}>
                  <strong>{g.title[lang]}</strong>
                </summary>
                <p className={styles.para}>{g.text[lang]}</p>
              </details>
            </li>
          ))}
        </ol>
      )}
      {rest.length > 0 && (
        <details data-testid="guidance-more">
          <summary className={styles.summary}>{ui('moreSteps', lang) + count(rest.length, lang)}</summary>
          <ol className={styles.steps} start={TOP_GUIDANCE + 1}>
            {rest.map((g) => (
              <li key={g.id} data-guidance={g.id}>
                <strong>{g.title[lang]}</strong>
                <p className={styles.para}>{g.text[lang]}</p>
              </li>
            ))}
          </ol>
        </details>
      )}
      {children}
    </section>
  );
}

const TAG_CLASS: Record<Severity, 'tagHigh' | 'tagMedium' | 'tagLow'> = { critical: 'tagHigh', high: 'tagHigh', medium: 'tagMedium', low: 'tagLow' };

/** One collapsed line per reason (severity word, title, key evidence), each expandable. */
export function FindingList({
  reasons,
  numbers,
  sources,
  lang,
}: {
  reasons: Reason[];
  numbers: Map<string, number>;
  sources: Map<string, Source>;
  lang: Lang;
}): React.ReactElement | null {
  const styles = useStyles();
  const headingId = React.useId();
  if (reasons.length === 0) return null;
  // The strongest reasons first, each with its whole title; the rest behind one line, so a
  // message with many reasons keeps 「すべきこと」 and "not checked" within reach at 320 px.
  const shown = reasons.slice(0, TOP_REASONS);
  const rest = reasons.slice(TOP_REASONS);
  const reasonItem = (r: Reason): React.ReactElement => {
    const key = r.evidence[0];
    return (
      <li key={r.rule} className={styles.reason} data-testid="finding" data-rule={r.rule} data-severity={r.severity}>
        <details>
          <summary className={styles.summary}>
            <span className={styles.summaryLine}>
              {/* The severity in words, never in colour alone. */}
              <span className={`${styles.tag} ${styles[TAG_CLASS[r.severity]]}`}>{SEVERITY_SHORT[r.severity][lang]}</span>
              <span className={styles.summaryText}>
                <span className={styles.summaryTitle}>{r.title[lang]}</span>
                {key && <span className={styles.summaryEvidence}>{labelled(key.field, evidenceText(key, lang), lang)}</span>}
              </span>
            </span>
          </summary>
          <div className={styles.detail}>
            <p className={styles.para}>{r.explanation[lang]}</p>
            {r.evidence.length > 0 && (
              <div>
                <span className={styles.quiet}>{ui('evidence', lang)}</span>
                <ul className={styles.plainList}>
                  {r.evidence.slice(0, MAX_EVIDENCE_SHOWN).map((e, j) => (
                    <li key={j} className={styles.evidence}>
                      {labelled(e.field, evidenceText(e, lang), lang)}
                    </li>
                  ))}
                  {r.evidence.length > MAX_EVIDENCE_SHOWN && <li className={styles.quiet}>{more(r.evidence.length - MAX_EVIDENCE_SHOWN, lang)}</li>}
                </ul>
              </div>
            )}
            {r.sources.length > 0 && (
              <div className={styles.quiet} data-testid="finding-sources">
                {ui('basedOn', lang) + (lang === 'ja' ? '：' : ': ')}
                {r.sources
                  .map((id) => `[${numbers.get(id) ?? '?'}] ${sourceName(id, sources, lang)}`)
                  .join(lang === 'ja' ? '、' : '; ')}
              </div>
            )}
            <div className={styles.quiet}>
              {ui('ruleId', lang) + (lang === 'ja' ? '：' : ': ')}
              <code>{r.rule}</code>
            </div>
          </div>
        </details>
      </li>
    );
  };
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {ui('findingsHeading', lang) + count(reasons.length, lang)}
      </h2>
      <ul className={styles.reasons} data-testid="findings-list">
        {shown.map(reasonItem)}
      </ul>
      {rest.length > 0 && (
        <details data-testid="findings-more">
          <summary className={styles.summary}>{ui('moreReasons', lang) + count(rest.length, lang)}</summary>
          <ul className={styles.reasons}>{rest.map(reasonItem)}</ul>
        </details>
      )}
    </section>
  );
}

function sourceName(id: string, sources: Map<string, Source>, lang: Lang): string {
  const s = sources.get(id);
  if (s) return s.publisher;
  return id === 'admin' ? ui('adminIndicator', lang) : id;
}

/** What could not be checked: quiet, but always present when anything was skipped. */
/** Places shown inline on one "not checked" line; more go behind the line, expandable. */
const PLACES_INLINE = 3;

export interface IncompleteGroup {
  code: Incomplete['code'];
  label: string;
  /** Where it happened (attachment names and the like), each once, in order. */
  places: string[];
  /** Whether the code also happened with no place named. */
  bare: boolean;
}

/**
 * The "not checked" lines grouped by what could not be done: 13 attachments that could not be
 * inspected are one line naming them, not 13 lines saying the same thing.
 */
export function incompleteGroups(lines: IncompleteLine[], lang: Lang): IncompleteGroup[] {
  const groups = new Map<string, IncompleteGroup>();
  for (const line of lines) {
    const g = groups.get(line.code) ?? { code: line.code, label: INCOMPLETE_LABEL[line.code]?.[lang] ?? line.code, places: [], bare: false };
    groups.set(line.code, g);
    if (line.where) g.places.push(line.where);
    else g.bare = true;
  }
  return [...groups.values()];
}

export function IncompleteNotice({ incomplete, lang }: { incomplete: Incomplete[]; lang: Lang }): React.ReactElement | null {
  const styles = useStyles();
  const headingId = React.useId();
  const lines = React.useMemo(() => incompleteLines(incomplete, lang), [incomplete, lang]);
  const groups = React.useMemo(() => incompleteGroups(lines, lang), [lines, lang]);
  if (lines.length === 0) return null;
  const shown = groups.slice(0, MAX_INCOMPLETE_SHOWN);
  const rest = groups.slice(MAX_INCOMPLETE_SHOWN).reduce((n, g) => n + g.places.length + (g.bare ? 1 : 0), 0);
  const open = lang === 'ja' ? '（' : ' (';
  const close = lang === 'ja' ? '）' : ')';
  const sep = lang === 'ja' ? '、' : ', ';
  return (
    <section className={styles.notChecked} aria-labelledby={headingId} data-testid="incomplete-notice">
      <h2 id={headingId} className={styles.smallHeading}>
        {ui('couldNotCheckTitle', lang) + count(lines.length, lang)}
      </h2>
      <ul className={styles.plainList} data-testid="incomplete-list">
        {shown.map((g) => (
          <li key={g.code} data-code={g.code}>
            {g.places.length <= PLACES_INLINE ? (
              g.label + (g.places.length > 0 ? open + g.places.join(sep) + close : '')
            ) : (
              <details>
                <summary className={styles.summary}>{g.label + count(g.places.length, lang)}</summary>
                <ul className={styles.plainList}>
                  {g.places.map((p, n) => (
                    <li key={n} className={styles.quiet}>
                      {p}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        ))}
        {rest > 0 && <li>{more(rest, lang)}</li>}
      </ul>
    </section>
  );
}

/** The public reports behind the reasons, each listed once with the rules that cite it. */
export function SourceList({
  cited,
  sources,
  titles,
  lang,
}: {
  cited: Array<{ id: string; number: number; rules: string[] }>;
  sources: Map<string, Source>;
  titles: Map<string, string>;
  lang: Lang;
}): React.ReactElement | null {
  const styles = useStyles();
  if (cited.length === 0) return null;
  return (
    <details data-testid="sources">
      <summary className={`${styles.summary} ${styles.smallHeading}`}>{ui('sourcesHeading', lang) + count(cited.length, lang)}</summary>
      <ol className={styles.sourceList} data-testid="source-list">
        {cited.map((c) => {
          const s = sources.get(c.id);
          return (
            <li key={c.id} value={c.number} data-source={c.id}>
              {!s ? (
                ui('adminIndicator', lang)
              ) : /^https:\/\//.test(s.url) ? (
                // A link opens only when the reader chooses to; nothing is fetched to show it.
                <a className={styles.link} href={s.url} target="_blank" rel="noreferrer noopener">
                  {s.title}
                </a>
              ) : (
                s.title
              )}
              {s && (
                <span className={styles.quiet}>
                  {` — ${s.publisher}, ${s.date}`}
                  {lang === 'ja' && !/[\u3040-\u30ff\u4e00-\u9fff]/.test(s.title) ? ui('originalTitle', lang) : ''}
                </span>
              )}
              <div className={styles.quiet}>
                {ui('citedBy', lang) + (lang === 'ja' ? '：' : ': ')}
                {c.rules.map((r) => titles.get(r) ?? r).join(lang === 'ja' ? '、' : '; ')}
              </div>
            </li>
          );
        })}
      </ol>
    </details>
  );
}

export interface VerdictSectionsProps {
  verdict: Verdict;
  pack: Pack;
  lang: Lang;
  /** Rendered at the end of 「すべきこと」 (the report button in the pane). */
  actions?: React.ReactNode;
}

export interface VerdictViewProps extends VerdictSectionsProps {
  banner: React.ReactNode;
}

/**
 * Everything after the banner: 「すべきこと」 with the steps that matter most; one line per reason,
 * each expandable to its explanation, evidence and sources; what could not be checked; the
 * sources, listed once. The Outlook pane loads this on demand beside its banner (HostPane).
 */
export function VerdictSections({ verdict, pack, lang, actions }: VerdictSectionsProps): React.ReactElement {
  const reasons = React.useMemo(() => reasonsOf(verdict.findings), [verdict.findings]);
  const cited = React.useMemo(() => citedSources(reasons), [reasons]);
  const sources = React.useMemo(() => new Map(pack.sources.map((s) => [s.id, s])), [pack]);
  const numbers = new Map(cited.map((c) => [c.id, c.number]));
  const titles = new Map(reasons.map((r) => [r.rule, r.title[lang]]));
  const styles = useStyles();
  return (
    <div className={styles.section} data-testid="verdict-details">
      <GuidanceList ids={verdict.guidance} pack={pack} lang={lang}>
        {actions}
      </GuidanceList>
      <FindingList reasons={reasons} numbers={numbers} sources={sources} lang={lang} />
      <IncompleteNotice incomplete={verdict.incomplete} lang={lang} />
      <SourceList cited={cited} sources={sources} titles={titles} lang={lang} />
    </div>
  );
}

/** Verdict first, details on demand: the banner and its action line, then VerdictSections. */
export function VerdictView({ verdict, pack, lang, actions, banner }: VerdictViewProps): React.ReactElement {
  const styles = useStyles();
  return (
    <div className={styles.section} data-testid="verdict" data-level={verdict.level}>
      {banner}
      <VerdictSections verdict={verdict} pack={pack} lang={lang} actions={actions} />
    </div>
  );
}
