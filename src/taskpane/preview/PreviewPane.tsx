import * as React from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { Lang, NormalisedMessage, Verdict } from '../../engine/types';
import { defang } from '../../engine';
import { ui } from '../i18n';
import { checkMessage, type Settings } from '../settings';
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
  | { key: string; file: string; index: number; kind: 'error'; error: string; tooLarge?: boolean };

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
}

/** Outside Outlook: drop or choose .eml / .msg / mbox files and see the same verdict view. */
export function PreviewPane({ settings, lang }: PreviewPaneProps): React.ReactElement {
  const styles = useStyles();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const runRef = React.useRef(0);
  const [over, setOver] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [entries, setEntries] = React.useState<Entry[]>([]);
  const [loaded, setLoaded] = React.useState<Settings | null>(null);
  const headingId = React.useId();

  const handleFiles = React.useCallback(
    async (list: FileList | File[] | null) => {
      const files = Array.from(list ?? []).slice(0, MAX_PREVIEW_FILES);
      if (files.length === 0) return;
      const run = ++runRef.current;
      setBusy(true);
      setEntries([]);
      const s = await settings;
      const out: Entry[] = [];
      let parse: typeof import('../../adapters/files').parseMessageBytes | undefined;
      let loadError = '';
      try {
        parse = (await import(/* webpackChunkName: "parser" */ '../../adapters/files')).parseMessageBytes;
      } catch (e) {
        loadError = String(e).slice(0, 200);
      }
      for (const [n, file] of files.entries()) {
        const key = `${n}:${file.name}`;
        if (file.size > MAX_PREVIEW_FILE_BYTES) {
          out.push({ key, file: file.name, index: 0, kind: 'error', error: `${file.size} bytes`, tooLarge: true });
          continue;
        }
        if (!parse) {
          out.push({ key, file: file.name, index: 0, kind: 'error', error: loadError });
          continue;
        }
        try {
          const bytes = await readFileBytes(file);
          const records = await parse(bytes);
          if (records.length === 0) out.push({ key, file: file.name, index: 0, kind: 'error', error: 'no message found' });
          for (const r of records) {
            const k = `${key}#${r.index}`;
            if (r.message) out.push({ key: k, file: file.name, index: r.index, kind: 'result', message: r.message, verdict: checkMessage(r.message, s) });
            else out.push({ key: k, file: file.name, index: r.index, kind: 'error', error: r.error ?? 'unknown error' });
          }
        } catch (e) {
          out.push({ key, file: file.name, index: 0, kind: 'error', error: String(e).slice(0, 200) });
        }
      }
      if (runRef.current !== run) return;
      setLoaded(s);
      setEntries(out);
      setBusy(false);
    },
    [settings],
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
          <progress style={{ width: '100%' }} aria-label={ui('previewParsing', lang)} />
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

/** Blob.arrayBuffer where it exists; FileReader for older web views (and jsdom). */
function readFileBytes(file: File): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('file could not be read'));
    reader.readAsArrayBuffer(file);
  });
}

function PreviewEntry({ entry, settings, lang, many }: { entry: Entry; settings: Settings; lang: Lang; many: boolean }): React.ReactElement {
  const styles = useStyles();
  const title = `${entry.file}${entry.index > 0 || many ? ` #${entry.index + 1}` : ''}`;
  if (entry.kind === 'error') {
    return (
      <article aria-label={title}>
        <h3 className={styles.fileHeading}>{title}</h3>
        {/* A file we could not read gets the same warning look as "not fully checked". */}
        <MessageBar intent="warning" layout="multiline" data-testid="preview-error">
          <MessageBarBody>
            <MessageBarTitle>{ui('notFullyChecked', lang)}</MessageBarTitle>
            <div>{ui(entry.tooLarge ? 'previewTooLarge' : 'previewParseError', lang)}</div>
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
