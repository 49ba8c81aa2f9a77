import * as React from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import type { Lang, NormalisedMessage, Verdict } from '../../engine/types';
import { defang } from '../../engine';
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
/** Files checked per drop; more is a folder dragged by mistake, not a preview. */
export const MAX_PREVIEW_FILES = 50;

type Entry =
  | { key: string; file: string; index: number; kind: 'result'; message: NormalisedMessage; verdict: Verdict }
  | { key: string; file: string; index: number; kind: 'error'; error: string; tooLarge?: boolean; limit?: WebLimitKind; limitMs?: number };

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
  results: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXL },
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
      const files = Array.from(list ?? []).slice(0, MAX_PREVIEW_FILES);
      if (files.length === 0) return;
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
          out.push({ key, file: file.name, index: 0, kind: 'error', error: `${file.size} bytes`, tooLarge: true });
          continue;
        }
        if (!client) {
          out.push({ key, file: file.name, index: 0, kind: 'error', error: loadError });
          continue;
        }
        // Parse, inspection and evaluation run in the worker; the file itself is read there too.
        const o = await client.check(file);
        if (!o.ok) {
          out.push({ key, file: file.name, index: 0, kind: 'error', error: o.error, ...(o.limit ? { limit: o.limit, limitMs: client.limits.taskTimeoutMs } : {}) });
          continue;
        }
        if (o.records.length === 0) out.push({ key, file: file.name, index: 0, kind: 'error', error: 'no message found' });
        for (const r of o.records) {
          const k = `${key}#${r.index}`;
          if ('message' in r) out.push({ key: k, file: file.name, index: r.index, kind: 'result', message: r.message, verdict: r.verdict });
          else out.push({ key: k, file: file.name, index: r.index, kind: 'error', error: r.error });
        }
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
        <Button appearance="primary" onClick={() => inputRef.current?.click()}>
          {ui('previewChoose', lang)}
        </Button>
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
          <ProgressBar aria-label={ui('previewParsing', lang)} />
        </div>
      )}
      {!busy && entries.length > 0 && loaded && (
        <ul className={styles.results} data-testid="preview-results">
          {entries.map((e) => (
            <li key={e.key} data-testid="preview-result">
              <PreviewEntry entry={e} settings={loaded} lang={lang} many={entries.length > 1} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function errorLine(entry: Extract<Entry, { kind: 'error' }>, lang: Lang): string {
  if (entry.tooLarge) return ui('previewTooLarge', lang);
  if (entry.limit === 'time') return ui('previewTimeLimit', lang).replace('{s}', String(Math.round(entry.limitMs ?? 0) / 1000));
  if (entry.limit === 'worker') return ui('previewWorkerFailed', lang);
  return ui('previewParseError', lang);
}

function PreviewEntry({ entry, settings, lang, many }: { entry: Entry; settings: Settings; lang: Lang; many: boolean }): React.ReactElement {
  const styles = useStyles();
  const title = `${entry.file}${entry.index > 0 || many ? ` #${entry.index + 1}` : ''}`;
  if (entry.kind === 'error') {
    return (
      <article aria-label={title}>
        <h3 className={styles.fileHeading}>{title}</h3>
        {/* A file we could not read gets the same warning look as "not fully checked". */}
        <MessageBar intent="warning" layout="multiline" data-testid="preview-error" data-limit={entry.limit}>
          <MessageBarBody>
            <MessageBarTitle>{ui(entry.limit ? 'previewCouldNotCheck' : 'notFullyChecked', lang)}</MessageBarTitle>
            <div>{errorLine(entry, lang)}</div>
            <div className={styles.meta}>{entry.error}</div>
          </MessageBarBody>
        </MessageBar>
      </article>
    );
  }
  const m = entry.message;
  return (
    <article aria-label={title}>
      <h3 className={styles.fileHeading}>{title}</h3>
      <div className={styles.meta}>
        {defang(m.subject) || ui('noSubject', lang)}
        {m.from && (
          <>
            <br />
            {ui('from', lang)}: {defang(m.from.name)} &lt;{defang(m.from.address)}&gt;
          </>
        )}
      </div>
      <VerdictView
        verdict={entry.verdict}
        pack={settings.pack}
        lang={lang}
        banner={<RiskBanner verdict={entry.verdict} lang={lang} />}
      />
    </article>
  );
}
