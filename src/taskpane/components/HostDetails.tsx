/**
 * The Outlook pane's part after the banner, in its own chunk ("details"): the verdict's
 * sections and the report button. The banner is drawn without waiting for it (HostPane), so
 * the first banner's script holds only what the banner shows.
 */
import * as React from 'react';
import type { Lang, Pack, Verdict } from '../../engine/types';
import { ReportButton, type ReportStatus } from './ReportButton';
import { VerdictSections } from './VerdictDetails';

export interface HostDetailsProps {
  verdict: Verdict;
  pack: Pack;
  lang: Lang;
  /** The report button, when the pane can report: its state and action. */
  report?: { status: ReportStatus; onReport: () => void; prominent: boolean };
}

export default function HostDetails({ verdict, pack, lang, report }: HostDetailsProps): React.ReactElement {
  return (
    <VerdictSections
      verdict={verdict}
      pack={pack}
      lang={lang}
      actions={report ? <ReportButton lang={lang} status={report.status} onReport={report.onReport} prominent={report.prominent} /> : undefined}
    />
  );
}
