import * as React from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { ActionButton } from '../components/ActionButton';
import type { Lang, Level, NormalisedMessage, Verdict } from '../../engine/types';
import { defang } from '../../engine';
import { isRecognisableMail } from '../../adapters/files/recognisable';
import { LEVEL_LABEL } from '../../i18n/messages';
import { ui } from '../i18n';
import type { Settings } from '../settings';
import { createChecker, type CheckerOptions } from '../checker';
import { fileTimeoutFromQuery } from '../../adapters/web-worker/limits';
import type { CheckWorkerClient, WebLimitKind } from '../../adapters/web-worker';
import { markTiming } from '../timing';
import { RiskBanner } from '../components/RiskBanner/RiskBanner';
import { VerdictView } from '../components/VerdictDetails';

/**
 * Largest file the preview reads into memory. The file adapter refuses messages above its own
 * limit anyway; this stops a mistaken multi-gigabyte drop before the browser tries to load it.
 */
export const MAX_PREVIEW_FILE_BYTES = 64 * 1024 * 1024;
/**
 * Files checked per drop; more is a folder dragged by mistake, not a preview. The rest are listed
 * as not checked, never dropped silently.
 */
export const MAX_PREVIEW_FILES = 50;

type Entry =
  | { key: string; file: string; index: number; kind: 'result'; message: NormalisedMessage; verdict: Verdict }
  | { key: string; file: string; index: number; kind: 'not-mail' }
  | {
      key: string;
      file: string;
      index: number;
      kind: 'error';
      error: string;
      reason: 'parse' | 'too-large' | 'over-limit' | 'limit';
      /** The checking worker's limit that stopped the file (time, or the worker failed). */
      limit?: WebLimitKind;
      limitMs?: number;
    };

/** Summary order: the entries that need the reader first; "could not check" ranks above low. */
function rank(e: Entry): number {
  if (e.kind !== 'result') return 3;
  const order: Record<Level, number> = { critical: 0, high: 1, medium: 2, low: 4, none: 5 };
  return order[e.verdict.level] + (e.verdict.level === 'none' && e.verdict.incomplete.length > 0 ? -0.5 : 0);
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalL },
  drop: {
    border: `${tokens.strokeWidthThick} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingVerticalL,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    alignItems: 'flex-start',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  dropActive: { border: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  fileHeading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  results: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  row: { borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, paddingTop: tokens.spacingVerticalXS },
  rowSummary: { cursor: 'pointer', display: 'list-item', overflowWrap: 'anywhere' },
  rowLevel: { fontWeight: tokens.fontWeightSemibold },
  rowBody: { paddingTop: tokens.spacingVerticalS },
  notice: {
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
  },
  noticeTitle: { margin: 0, fontWeight: tokens.fontWeightBold },
  summary: { margin: 0, fontWeight: tokens.fontWeightSemibold, textAlign: 'start', captionSide: 'top', paddingBottom: tokens.spacingVerticalXS },
  summaryTable: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200 },
  summaryLabel: { textAlign: 'start', fontWeight: tokens.fontWeightRegular, padding: `0 ${tokens.spacingHorizontalL} 0 0` },
  summaryCount: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  hidden: { display: 'none' },
});

export interface PreviewPaneProps {
  settings: Promise<Settings>;
  lang: Lang;
  /**
   * How files are checked: in a Web Worker under the per-file time limit. The limit can be
   * overridden with `?file-timeout=SECONDS` on the page's URL (as the CLI's --file-timeout).
   */
  checker?: CheckerOptions;
}

/** Outside Outlook: drop or choose .eml / .msg / mbox files and see the same verdict view. */
export function PreviewPane({ settings, lang, checker }: PreviewPaneProps): React.ReactElement {
  const styles = useStyles();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const runRef = React.useRef(0);
  const [over, setOver] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [entries, setEntries] = React.useState<Entry[]>([]);
  const [loaded, setLoaded] = React.useState<Settings | null>(null);
  const headingId = React.useId();
  // One checking worker for the page's settings, kept between drops (it gets the pack once).
  const clientRef = React.useRef<{ settings: Settings; client: Promise<CheckWorkerClient> } | null>(null);
  React.useEffect(
    () => () => {
      void clientRef.current?.client.then((c) => c.close(), () => undefined);
      clientRef.current = null;
    },
    [],
  );

  const handleFiles = React.useCallback(
    async (list: FileList | File[] | null) => {
      const all = Array.from(list ?? []);
      if (all.length === 0) return;
      const files = all.slice(0, MAX_PREVIEW_FILES);
      const run = ++runRef.current;
      setBusy(true);
      setEntries([]);
      const s = await settings;
      const out: Entry[] = [];
      if (clientRef.current?.settings !== s) {
        void clientRef.current?.client.then((c) => c.close(), () => undefined);
        const limits = checker?.limits ?? fileTimeoutFromQuery(globalThis.location?.search ?? '');
        clientRef.current = { settings: s, client: createChecker(s, { ...checker, limits }) };
      }
      let client: CheckWorkerClient | undefined;
      let loadError = '';
      try {
        client = await clientRef.current.client;
      } catch (e) {
        loadError = String(e).slice(0, 200);
      }
      for (const [n, file] of files.entries()) {
        // A newer drop replaced this one: stop handing its files to the worker.
        if (runRef.current !== run) return;
        const key = `${n}:${file.name}`;
        if (file.size > MAX_PREVIEW_FILE_BYTES) {
          out.push({ key, file: file.name, index: 0, kind: 'error', error: `${file.size} bytes`, reason: 'too-large' });
          continue;
        }
        if (!client) {
          out.push({ key, file: file.name, index: 0, kind: 'error', error: loadError, reason: 'parse' });
          continue;
        }
        // Parse, inspection and evaluation run in the worker; the file itself is read there too.
        const o = await client.check(file);
        if (!o.ok) {
          out.push({
            key,
            file: file.name,
            index: 0,
            kind: 'error',
            error: o.error,
            reason: o.limit ? 'limit' : 'parse',
            ...(o.limit ? { limit: o.limit, limitMs: client.limits.taskTimeoutMs } : {}),
          });
          continue;
        }
        if (o.records.length === 0) out.push({ key, file: file.name, index: 0, kind: 'not-mail' });
        for (const r of o.records) {
          const k = `${key}#${r.index}`;
          // The CLI's own test: a file with no mail header is "not an email message", not a verdict.
          if ('message' in r && !isRecognisableMail(r.message)) out.push({ key: k, file: file.name, index: r.index, kind: 'not-mail' });
          else if ('message' in r) out.push({ key: k, file: file.name, index: r.index, kind: 'result', message: r.message, verdict: r.verdict });
          else out.push({ key: k, file: file.name, index: r.index, kind: 'error', error: r.error, reason: 'parse' });
        }
      }
      // No silent cap: every file past the limit is listed as not checked.
      for (const [n, file] of all.slice(MAX_PREVIEW_FILES).entries()) {
        out.push({ key: `over:${n}:${file.name}`, file: file.name, index: 0, kind: 'error', error: '', reason: 'over-limit' });
      }
      if (runRef.current !== run) return;
      markTiming('checked');
      setLoaded(s);
      setEntries(out);
      setBusy(false);
    },
    [settings, checker],
  );

  React.useEffect(() => {
    if (entries.some((e) => e.kind === 'result')) markTiming('banner');
  }, [entries]);

  const sorted = React.useMemo(() => [...entries].sort((a, b) => rank(a) - rank(b)), [entries]);
  const many = entries.length > 1;

  return (
    <div className={styles.root}>
      <section
        aria-labelledby={headingId}
        className={over ? `${styles.drop} ${styles.dropActive}` : styles.drop}
        data-testid="preview-drop"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void handleFiles(e.dataTransfer.files);
        }}
      >
        <h2 id={headingId} className={styles.heading}>
          {ui('previewHeading', lang)}
        </h2>
        <div>{ui('previewIntro', lang)}</div>
        <ActionButton appearance="primary" onClick={() => inputRef.current?.click()}>
          {ui('previewChoose', lang)}
        </ActionButton>
        <input
          ref={inputRef}
          className={styles.hidden}
          type="file"
          multiple
          accept=".eml,.msg,.mbox,.txt,message/rfc822"
          data-testid="preview-input"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            void handleFiles(e.currentTarget.files);
            // Let the same file be chosen again after a change.
            e.currentTarget.value = '';
          }}
        />
      </section>
      {busy && (
        <div role="status" data-testid="checking">
          <div>{ui('previewParsing', lang)}</div>
          <progress style={{ width: '100%' }} aria-label={ui('previewParsing', lang)} />
        </div>
      )}
      {!busy && entries.length > 0 && loaded && (
        <>
          {many && (
            <table className={styles.summaryTable} data-testid="preview-summary">
              <caption className={styles.summary}>{lang === 'ja' ? `${entries.length} 件の結果` : `${entries.length} items`}</caption>
              <tbody>
                {summaryRows(entries, lang).map(([label, n]) => (
                  <tr key={label}>
                    <th scope="row" className={styles.summaryLabel}>
                      {label}
                    </th>
                    <td className={styles.summaryCount}>{n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <ul className={styles.results} data-testid="preview-results">
            {sorted.map((e) => (
              <li
                key={e.key}
                data-testid="preview-result"
                data-kind={e.kind}
                data-level={e.kind === 'result' ? e.verdict.level : ''}
                data-file={e.file}
                data-index={e.index}
                className={many ? styles.row : undefined}
              >
                {many ? (
                  <details>
                    <summary className={styles.rowSummary}>
                      <span className={styles.rowLevel}>{entryLabel(e, lang)}</span>
                      {`　${entryTitle(e)}`}
                    </summary>
                    <div className={styles.rowBody}>
                      <PreviewEntry entry={e} settings={loaded} lang={lang} />
                    </div>
                  </details>
                ) : (
                  <PreviewEntry entry={e} settings={loaded} lang={lang} />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function entryTitle(e: Entry): string {
  return `${e.file}${e.index > 0 ? ` #${e.index + 1}` : ''}`;
}

function entryLabel(e: Entry, lang: Lang): string {
  if (e.kind === 'not-mail') return ui('previewNotMail', lang);
  if (e.kind === 'error') return ui(e.reason === 'over-limit' ? 'previewNotChecked' : e.reason === 'limit' ? 'previewCouldNotCheck' : 'notFullyChecked', lang);
  if (e.verdict.level === 'none' && e.verdict.incomplete.length > 0) return ui('notFullyChecked', lang);
  // The glossary's short label for a row and the table; the entry itself says it in full.
  if (e.verdict.level === 'none') return ui('noneShort', lang);
  return LEVEL_LABEL[e.verdict.level][lang];
}

/** The summary table's rows, most urgent first: a label and how many rows below carry it. */
function summaryRows(entries: Entry[], lang: Lang): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const e of [...entries].sort((a, b) => rank(a) - rank(b))) {
    const label = entryLabel(e, lang);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts];
}

function errorLine(entry: Extract<Entry, { kind: 'error' }>, lang: Lang): string {
  if (entry.reason === 'over-limit') return ui('previewOverLimit', lang);
  if (entry.reason === 'too-large') return ui('previewTooLarge', lang);
  if (entry.limit === 'time') return ui('previewTimeLimit', lang).replace('{s}', String(Math.round(entry.limitMs ?? 0) / 1000));
  if (entry.limit === 'worker') return ui('previewWorkerFailed', lang);
  return ui('previewParseError', lang);
}

function PreviewEntry({ entry, settings, lang }: { entry: Entry; settings: Settings; lang: Lang }): React.ReactElement {
  const styles = useStyles();
  const title = entryTitle(entry);
  if (entry.kind !== 'result') {
    const [head, detail] =
      entry.kind === 'not-mail' ? [ui('previewNotMail', lang), ui('previewNotMailDetail', lang)] : [entryLabel(entry, lang), errorLine(entry, lang)];
    return (
      <article aria-label={title}>
        <h3 className={styles.fileHeading}>{title}</h3>
        {/* Never a verdict: a file we did not check gets a quiet "not checked" note, not a level. */}
        <div
          className={styles.notice}
          role="group"
          data-testid={entry.kind === 'not-mail' ? 'preview-not-mail' : 'preview-error'}
          data-limit={entry.kind === 'error' ? entry.limit : undefined}
        >
          <p className={styles.noticeTitle}>{head}</p>
          <div>{detail}</div>
          {/* A reader's error line above says what happened in their language; the parser's own
              words (English, for whoever investigates) only where they add something, labelled. */}
          {entry.kind === 'error' && entry.reason === 'parse' && entry.error && (
            <div className={styles.meta} data-testid="technical-detail">
              {ui('technicalDetail', lang) + (lang === 'ja' ? '：' : ': ') + entry.error}
            </div>
          )}
        </div>
      </article>
    );
  }
  const m = entry.message;
  return (
    <article aria-label={title}>
      <h3 className={styles.fileHeading}>{title}</h3>
      <div className={styles.meta} data-testid="preview-meta">
        <span data-testid="preview-subject">{defang(m.subject) || ui('noSubject', lang)}</span>
        {m.from && (
          <>
            <br />
            {ui('from', lang)}
            {lang === 'ja' ? '：' : ': '}
            <span data-testid="preview-from">
              {defang(m.from.name)} &lt;{defang(m.from.address)}&gt;
            </span>
          </>
        )}
      </div>
      <VerdictView verdict={entry.verdict} pack={settings.pack} lang={lang} banner={<RiskBanner verdict={entry.verdict} lang={lang} />} />
    </article>
  );
}
