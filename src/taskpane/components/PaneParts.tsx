import * as React from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Lang } from '../../engine/types';
import type { ConfigIssue } from '../../config/config';
import { ui } from '../i18n';

const useStyles = makeStyles({
  checking: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS, padding: `${tokens.spacingVerticalM} 0` },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  field: { fontFamily: tokens.fontFamilyMonospace },
});

/** Switches between the two languages; the label is in the language it switches to. */
export function LanguageSwitch({ lang, onChange }: { lang: Lang; onChange: (l: Lang) => void }): React.ReactElement {
  const next: Lang = lang === 'ja' ? 'en' : 'ja';
  return (
    <Button
      size="small"
      appearance="subtle"
      data-testid="language-switch"
      data-lang={lang}
      lang={next}
      aria-label={next === 'en' ? 'Show in English' : '日本語で表示'}
      onClick={() => onChange(next)}
    >
      {next === 'en' ? 'English' : '日本語'}
    </Button>
  );
}

export interface Progress {
  done: number;
  total: number;
}

/** Shown from the first frame until a verdict is ready, so a blank pane never means "fine". */
export function CheckingState({ lang, progress }: { lang: Lang; progress: Progress | null }): React.ReactElement {
  const styles = useStyles();
  const withAttachments = progress !== null && progress.total > 0;
  return (
    <div className={styles.checking} data-testid="checking" role="status" aria-live="polite">
      <div>{ui('checking', lang)}</div>
      {withAttachments ? (
        <ProgressBar
          data-testid="checking-progress"
          value={progress.done / progress.total}
          aria-label={`${ui('checkingAttachments', lang)} ${progress.done}/${progress.total}`}
        />
      ) : (
        <ProgressBar data-testid="checking-progress" aria-label={ui('checking', lang)} />
      )}
      {withAttachments && (
        <div>
          {ui('checkingAttachments', lang)}: {progress.done} / {progress.total}
        </div>
      )}
    </div>
  );
}

/** For the administrator: which config.json fields are wrong, and whether admin indicators apply. */
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
    <MessageBar intent="warning" layout="multiline" politeness="polite" data-testid="config-notice">
      <MessageBarBody>
        <MessageBarTitle>{ui('configProblem', lang)}</MessageBarTitle>
        <ul className={styles.list}>
          {issues.map((i, n) => (
            <li key={n} data-field={i.field}>
              <span className={styles.field}>{i.field}</span>: {i.message[lang]}
            </li>
          ))}
          {indicatorsInactive && <li data-testid="admin-indicators-inactive">{ui('adminIndicatorsInactive', lang)}</li>}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

export type ReportStatus = 'idle' | 'busy' | 'opened' | 'failed';

export function ReportButton({
  lang,
  status,
  onReport,
}: {
  lang: Lang;
  status: ReportStatus;
  onReport: () => void;
}): React.ReactElement {
  return (
    <div>
      <Button appearance="primary" data-testid="report-button" disabled={status === 'busy'} onClick={onReport}>
        {ui('report', lang)}
      </Button>
      {(status === 'opened' || status === 'failed') && (
        <div role="status" data-testid="report-status" data-status={status}>
          {ui(status === 'opened' ? 'reportOpened' : 'reportFailed', lang)}
        </div>
      )}
    </div>
  );
}
