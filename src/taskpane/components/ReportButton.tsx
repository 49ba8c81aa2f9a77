import * as React from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Lang } from '../../engine/types';
import { ui } from '../i18n';
import { ActionButton } from './ActionButton';

const useStyles = makeStyles({
  report: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS, alignItems: 'flex-start' },
  // The label never wraps mid-word at 320 px: it may wrap between words, inside the button.
  reportButton: { maxWidth: '100%', whiteSpace: 'normal', wordBreak: 'keep-all', overflowWrap: 'normal', textAlign: 'start' },
  note: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
});

export type ReportStatus = 'idle' | 'busy' | 'opened' | 'failed';

/**
 * Report to the security team. Primary (the loudest control) only from medium up; below that a
 * quiet secondary button. Once the draft is open it stays disabled with a note, so a second
 * click cannot make a second draft.
 */
export function ReportButton({
  lang,
  status,
  onReport,
  prominent,
}: {
  lang: Lang;
  status: ReportStatus;
  onReport: () => void;
  prominent: boolean;
}): React.ReactElement {
  const styles = useStyles();
  const noteId = React.useId();
  return (
    <div className={styles.report}>
      <ActionButton
        appearance={prominent ? 'primary' : 'secondary'}
        className={styles.reportButton}
        data-testid="report-button"
        data-prominent={prominent ? 'true' : 'false'}
        disabled={status === 'busy' || status === 'opened'}
        aria-describedby={noteId}
        onClick={onReport}
      >
        {ui('report', lang)}
      </ActionButton>
      <div id={noteId} className={styles.note} role="status" data-testid="report-status" data-status={status}>
        {ui(status === 'opened' ? 'reportOpened' : status === 'failed' ? 'reportFailed' : 'reportNote', lang)}
      </div>
    </div>
  );
}
