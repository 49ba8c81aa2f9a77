import * as React from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Lang } from '../../engine/types';
import type { ConfigIssue } from '../../config/config';
import { ui } from '../i18n';
import { useRiskBannerStyles } from './RiskBanner/RiskBanner';

const useStyles = makeStyles({
  checking: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, padding: `${tokens.spacingVerticalM} 0` },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  field: { fontFamily: tokens.fontFamilyMonospace },
  progress: { width: '100%', accentColor: tokens.colorBrandBackground },
  switch: {
    flexShrink: 0,
    minHeight: '24px',
    padding: `0 ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} solid transparent`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground2,
    fontFamily: 'inherit',
    fontSize: tokens.fontSizeBase200,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground1 },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  config: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  hint: {
    display: 'flex',
    alignItems: 'baseline',
    columnGap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  hintText: { flexGrow: 1, margin: 0 },
  configLine: { cursor: 'pointer' },
});

/**
 * Switches between the two languages; the label is in the language it switches to. A plain
 * button in Fluent's colours: Fluent's Button would put its package in the first banner's script.
 */
export function LanguageSwitch({ lang, onChange }: { lang: Lang; onChange: (l: Lang) => void }): React.ReactElement {
  const styles = useStyles();
  const next: Lang = lang === 'ja' ? 'en' : 'ja';
  return (
    <button
      type="button"
      className={styles.switch}
      data-testid="language-switch"
      data-lang={lang}
      lang={next}
      aria-label={next === 'en' ? 'Show in English' : '日本語で表示'}
      onClick={() => onChange(next)}
    >
      {next === 'en' ? 'English' : '日本語'}
    </button>
  );
}

export interface Progress {
  done: number;
  total: number;
}

/** Shown from the first frame until a verdict is ready, so a blank pane never means "fine". */
export function CheckingState({ lang, progress }: { lang: Lang; progress: Progress | null }): React.ReactElement {
  const styles = useStyles();
  useRiskBannerStyles();
  const withAttachments = progress !== null && progress.total > 0;
  return (
    <div className={styles.checking} data-testid="checking" role="status" aria-live="polite">
      <div>{ui('checking', lang)}</div>
      {/* The native element: Fluent's ProgressBar costs the first banner ~3 kB gzip for a bar. */}
      {withAttachments ? (
        <progress
          className={styles.progress}
          data-testid="checking-progress"
          max={progress.total}
          value={progress.done}
          aria-label={`${ui('checkingAttachments', lang)} ${progress.done}/${progress.total}`}
        />
      ) : (
        <progress className={styles.progress} data-testid="checking-progress" aria-label={ui('checking', lang)} />
      )}
      {withAttachments && (
        <div>
          {ui('checkingAttachments', lang)}
          {lang === 'ja' ? '：' : ': '}
          {progress.done} / {progress.total}
        </div>
      )}
    </div>
  );
}

/**
 * A config.json problem: one quiet line for the reader, the field-by-field details for the
 * administrator behind it. The reader's verdict does not depend on it being read.
 */
export function ConfigNotice({
  issues,
  indicatorsInactive,
  lang,
}: {
  issues: ConfigIssue[];
  indicatorsInactive: boolean;
  lang: Lang;
}): React.ReactElement | null {
  const styles = useStyles();
  if (issues.length === 0 && !indicatorsInactive) return null;
  return (
    <details className={styles.config} data-testid="config-notice">
      <summary className={styles.configLine}>{ui('configProblem', lang)}</summary>
      <ul className={styles.list}>
        {issues.map((i, n) => (
          <li key={n} data-field={i.field}>
            <span className={styles.field}>{i.field}</span>
            {lang === 'ja' ? '：' : ': '}
            {i.message[lang]}
          </li>
        ))}
        {indicatorsInactive && <li data-testid="admin-indicators-inactive">{ui('adminIndicatorsInactive', lang)}</li>}
      </ul>
    </details>
  );
}

/** A one-line, once-only hint to pin the pane, where the client can pin it. */
export function PinHint({ lang, onDismiss }: { lang: Lang; onDismiss: () => void }): React.ReactElement {
  const styles = useStyles();
  return (
    <div className={styles.hint} data-testid="pin-hint" role="note">
      <p className={styles.hintText}>{ui('pinHint', lang)}</p>
      <button type="button" className={styles.switch} onClick={onDismiss}>
        {ui('dismiss', lang)}
      </button>
    </div>
  );
}
