import * as React from 'react';
import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { Lang, Verdict } from '../engine/types';
import type { CheckedItem, MailHost } from '../adapters/office/office-host';
import { ui } from './i18n';
import { checkMessage, type Settings } from './settings';
import { markTiming } from './timing';
import { CheckingState, ReportButton, type Progress, type ReportStatus } from './components/PaneParts';
import { RiskBanner } from './components/RiskBanner/RiskBanner';
import { VerdictView } from './components/VerdictDetails';

type PaneState =
  | { kind: 'checking'; run: number; progress: Progress | null }
  | { kind: 'no-item'; run: number }
  | { kind: 'result'; run: number; verdict: Verdict; item: CheckedItem; settings: Settings };

export interface HostPaneProps {
  host: MailHost;
  settings: Promise<Settings>;
  lang: Lang;
}

/**
 * The pane inside Outlook: checks the selected item now and again whenever the selection
 * changes (pinned pane).
 *
 * Hint: every check has a run number; a result, progress report or notification from an older
 * run is dropped, so one item's verdict can never appear while another item is selected.
 */
export function HostPane({ host, settings, lang }: HostPaneProps): React.ReactElement {
  const [state, setState] = React.useState<PaneState>({ kind: 'checking', run: 0, progress: null });
  const [report, setReport] = React.useState<ReportStatus>('idle');
  const runRef = React.useRef(0);
  const langRef = React.useRef(lang);
  langRef.current = lang;

  const check = React.useCallback(async () => {
    const run = ++runRef.current;
    const current = (): boolean => runRef.current === run;
    setState({ kind: 'checking', run, progress: null });
    setReport('idle');
    let item: CheckedItem | null;
    try {
      item = await host.readCurrent((p) => {
        if (current()) setState({ kind: 'checking', run, progress: { ...p } });
      });
    } catch {
      item = null;
    }
    const s = await settings;
    if (!current()) return;
    if (!item) {
      setState({ kind: 'no-item', run });
      return;
    }
    const verdict = checkMessage(item.message, s);
    if (!current()) return;
    setState({ kind: 'result', run, verdict, item, settings: s });
    void item.notify(verdict, langRef.current, s.config.notifyLevels).catch(() => undefined);
  }, [host, settings]);

  React.useEffect(() => {
    void check();
    void host.onItemChanged(() => void check());
    return () => {
      // Unmounting abandons any check in flight.
      runRef.current++;
    };
  }, [host, settings, check]);

  React.useEffect(() => {
    if (state.kind === 'result') markTiming('banner');
  }, [state]);

  if (state.kind === 'checking') return <CheckingState lang={lang} progress={state.progress} />;
  if (state.kind === 'no-item') {
    return (
      <MessageBar intent="info" layout="multiline" data-testid="no-item">
        <MessageBarBody>{ui('selectMessage', lang)}</MessageBarBody>
      </MessageBar>
    );
  }

  const address = state.settings.config.securityAddress;
  const canReport = host.canReport && typeof address === 'string' && address.length > 0;
  const onReport = (): void => {
    if (!address) return;
    const run = state.run;
    setReport('busy');
    void state.item
      .report(address, state.verdict, lang)
      .then((r) => runRef.current === run && setReport(r.ok ? 'opened' : 'failed'))
      .catch(() => runRef.current === run && setReport('failed'));
  };
  return (
    <VerdictView
      verdict={state.verdict}
      pack={state.settings.pack}
      lang={lang}
      // A new key per run remounts the bar, so screen readers announce each new verdict.
      banner={<RiskBanner key={state.run} verdict={state.verdict} lang={lang} />}
      actions={canReport ? <ReportButton lang={lang} status={report} onReport={onReport} /> : undefined}
    />
  );
}
