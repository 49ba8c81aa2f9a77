import * as React from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { evidenceText, incompleteWhere } from '../../engine/attached';
import type { Finding, Incomplete, Lang, Pack, Severity, Verdict } from '../../engine/types';
import { INCOMPLETE_LABEL, LEVEL_LABEL } from '../../i18n/messages';
import { ui } from '../i18n';

/**
 * How many "could not check" lines to list before summarising the rest; a hostile archive can
 * produce hundreds and the reader needs the kinds, not every instance.
 */
export const MAX_INCOMPLETE_SHOWN = 12;
/** Evidence lines per finding; more adds length, not understanding. */
export const MAX_EVIDENCE_SHOWN = 8;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  plainList: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  findingTitle: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
  },
  severity: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  para: { margin: `${tokens.spacingVerticalXXS} 0` },
  evidence: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
    wordBreak: 'break-word',
  },
  sources: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  small: { fontSize: tokens.fontSizeBase200 },
  // A plain anchor in Fluent's link colours: the Link component costs ~2 KB gzip for nothing more.
  link: {
    color: tokens.colorBrandForegroundLink,
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, borderRadius: tokens.borderRadiusSmall },
  },
});

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Warning bar listing what could not be checked; renders nothing when everything was. */
export function IncompleteNotice({ incomplete, lang }: { incomplete: Incomplete[]; lang: Lang }): React.ReactElement | null {
  const styles = useStyles();
  const lines = React.useMemo(() => incompleteLines(incomplete, lang), [incomplete, lang]);
  if (lines.length === 0) return null;
  const shown = lines.slice(0, MAX_INCOMPLETE_SHOWN);
  const more = lines.length - shown.length;
  return (
    <MessageBar intent="warning" layout="multiline" politeness="polite" data-testid="incomplete-notice">
      <MessageBarBody>
        <MessageBarTitle>{ui('couldNotCheckTitle', lang)}</MessageBarTitle>
        <ul className={styles.plainList} data-testid="incomplete-list">
          {shown.map((l) => (
            <li key={l.key} data-code={l.code}>
              {l.text}
            </li>
          ))}
          {more > 0 && <li>{lang === 'ja' ? `ほか ${more} 件` : `and ${more} more`}</li>}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

export interface IncompleteLine {
  key: string;
  code: Incomplete['code'];
  text: string;
}

/** One line per distinct (code, where), labelled in the reader's language. */
export function incompleteLines(incomplete: Incomplete[], lang: Lang): IncompleteLine[] {
  const seen = new Set<string>();
  const out: IncompleteLine[] = [];
  for (const item of incomplete) {
    const w = incompleteWhere(item, lang);
    const key = `${item.code}|${w ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const label = INCOMPLETE_LABEL[item.code]?.[lang] ?? item.code;
    const where = w ? (lang === 'ja' ? `（${w}）` : ` (${w})`) : '';
    out.push({ key, code: item.code, text: label + where });
  }
  return out;
}

export function FindingList({ findings, pack, lang }: { findings: Finding[]; pack: Pack; lang: Lang }): React.ReactElement | null {
  const styles = useStyles();
  const headingId = React.useId();
  if (findings.length === 0) return null;
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const sources = new Map(pack.sources.map((s) => [s.id, s]));
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {ui('findingsHeading', lang)}
      </h2>
      <ul className={styles.list} data-testid="findings-list">
        {sorted.map((f, i) => (
          <li key={`${f.rule}-${i}`} data-testid="finding" data-rule={f.rule} data-severity={f.severity}>
            <h3 className={styles.findingTitle}>{f.title[lang]}</h3>
            <div className={styles.severity}>
              {ui('severity', lang)}: {LEVEL_LABEL[f.severity][lang]}
            </div>
            <p className={styles.para}>{f.explanation[lang]}</p>
            {f.evidence.length > 0 && (
              <div>
                <span className={styles.small}>{ui('evidence', lang)}:</span>
                <ul className={styles.plainList}>
                  {f.evidence.slice(0, MAX_EVIDENCE_SHOWN).map((e, j) => (
                    <li key={j} className={styles.evidence}>
                      {e.field}: {evidenceText(e, lang)}
                    </li>
                  ))}
                  {f.evidence.length > MAX_EVIDENCE_SHOWN && (
                    <li className={styles.small}>
                      {lang === 'ja' ? `ほか ${f.evidence.length - MAX_EVIDENCE_SHOWN} 件` : `and ${f.evidence.length - MAX_EVIDENCE_SHOWN} more`}
                    </li>
                  )}
                </ul>
              </div>
            )}
            {f.sources.length > 0 && (
              <div className={styles.sources}>
                {ui('basedOn', lang)}:
                <ul className={styles.plainList} data-testid="finding-sources">
                  {f.sources.map((id) => {
                    const s = sources.get(id);
                    if (!s) return <li key={id}>{id === 'admin' ? (lang === 'ja' ? '組織の管理者が登録した指標' : 'Indicator added by your administrator') : id}</li>;
                    return (
                      <li key={id}>
                        {/* A link opens only when the reader chooses to; nothing is fetched to show it. */}
                        {/^https:\/\//.test(s.url) ? (
                          <a className={styles.link} href={s.url} target="_blank" rel="noreferrer noopener">
                            {s.title}
                          </a>
                        ) : (
                          s.title
                        )}
                        {` — ${s.publisher}, ${s.date}`}
                      </li>
                    );
                  })}
                </ul>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function GuidanceList({ ids, pack, lang }: { ids: string[]; pack: Pack; lang: Lang }): React.ReactElement | null {
  const styles = useStyles();
  const headingId = React.useId();
  const byId = new Map(pack.guidance.map((g) => [g.id, g]));
  const items = ids.map((id) => byId.get(id)).filter((g) => g !== undefined);
  if (items.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {ui('guidanceHeading', lang)}
      </h2>
      <ol className={styles.list} data-testid="guidance-list">
        {items.map((g) => (
          <li key={g.id} data-guidance={g.id}>
            <strong>{g.title[lang]}</strong>
            <p className={styles.para}>{g.text[lang]}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

export interface VerdictViewProps {
  verdict: Verdict;
  pack: Pack;
  lang: Lang;
  /** Rendered between the banner and the findings (the report button in the pane). */
  actions?: React.ReactNode;
  banner: React.ReactNode;
}

/**
 * Banner, then what could not be checked, then why (the findings and their sources), then what
 * to do. The findings come first so the reason for a warning is visible without scrolling in a
 * narrow pane; a reader who sees why is more likely to follow the advice.
 */
export function VerdictView({ verdict, pack, lang, actions, banner }: VerdictViewProps): React.ReactElement {
  const styles = useStyles();
  return (
    <div className={styles.section} data-testid="verdict" data-level={verdict.level}>
      {banner}
      <IncompleteNotice incomplete={verdict.incomplete} lang={lang} />
      {actions}
      <FindingList findings={verdict.findings} pack={pack} lang={lang} />
      <GuidanceList ids={verdict.guidance} pack={pack} lang={lang} />
    </div>
  );
}
