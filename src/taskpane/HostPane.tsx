import * as React from 'react';
import type { Lang, NormalisedMessage, Verdict } from '../engine/types';
import type { CheckedItem, MailHost } from '../adapters/office/office-host';
import { ui } from './i18n';
import { checkMessage, type Settings } from './settings';
import { afterNextFrame, markTiming } from './timing';
import { makeStyles, tokens } from '@fluentui/react-components';
import { CheckingState, PinHint, type Progress } from './components/PaneParts';
import { pinHintSeen, storePinHintSeen } from './i18n';
import type { ReportStatus } from './components/ReportButton';
import { RiskBanner } from './components/RiskBanner/RiskBanner';

/**
 * Everything after the banner (the verdict's sections and the report button) loads on demand,
 * started as soon as the pane mounts, so the first banner's script holds only the banner.
 */
const loadDetails = () => import(/* webpackChunkName: "details" */ './components/HostDetails');
const HostDetails = React.lazy(loadDetails);

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
});

/** Levels at which reporting is the main action (a primary button); below, a quiet one. */
const LOUD: ReadonlySet<string> = new Set(['medium', 'high', 'critical']);

/** What a first verdict is still waiting for (RiskBanner says which). */
type Pending = 'body' | 'attachments' | 'message';

type PaneState =
  | { kind: 'checking'; run: number; progress: Progress | null }
  | { kind: 'no-item'; run: number }
  | { kind: 'result'; run: number; verdict: Verdict; item: CheckedItem | null; settings: Settings; pending: Pending | null };

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
export const HostPane = React.memo(function HostPane({ host, settings, lang }: HostPaneProps): React.ReactElement {
  const [state, setState] = React.useState<PaneState>({ kind: 'checking', run: 0, progress: null });
  const [report, setReport] = React.useState<ReportStatus>('idle');
  const runRef = React.useRef(0);
  const firstShownRef = React.useRef(-1);
  /** Resolves the promise the read waits on once the first verdict is on screen (see check()). */
  const onScreenRef = React.useRef<(() => void) | null>(null);
  const langRef = React.useRef(lang);
  langRef.current = lang;
  const styles = useStyles();
  const [pinHint, setPinHint] = React.useState(false);
  /** The run whose first banner has been drawn: its details render from then on, not in the banner's frame. */
  const [detailsRun, setDetailsRun] = React.useState(-1);

  React.useEffect(() => {
    // Fetch the details' chunk while Office reads the item; a failure shows up in React.lazy.
    void loadDetails().catch(() => undefined);
  }, []);

  const check = React.useCallback(async () => {
    const run = ++runRef.current;
    const current = (): boolean => runRef.current === run;
    setState({ kind: 'checking', run, progress: null });
    setReport('idle');
    // The settings load while Office starts; a partial verdict needs them too, so a partial
    // that arrives first is shown as soon as they are there.
    let loaded: Settings | null = null;
    let partial: NormalisedMessage | null = null;
    let pending: Pending = 'attachments';
    let finished = false;
    let shownPartial = false;
    const showPartial = (): void => {
      if (!partial || !loaded || finished || !current()) return;
      shownPartial = true;
      setState({ kind: 'result', run, verdict: checkMessage(partial, loaded), item: null, settings: loaded, pending });
    };
    void settings.then((s) => {
      loaded = s;
      showPartial();
    });
    let item: CheckedItem | null;
    try {
      item = await host.readCurrent((p): Promise<void> | undefined => {
        if (!current()) return undefined;
        // Headers, body and links are read: show their verdict now, marked as still checking
        // attachments (or the whole message, which Mailbox 1.14 clients read next even without
        // one, in the checking worker), so a slow or stuck download never holds the banner back.
        // Before that, while the checking worker still reads the body (it may still be
        // starting), the headers' verdict shows marked as still checking the body.
        if (p.partial && (p.bodyPending === true || p.total > 0 || p.wholeMessageNext === true)) {
          partial = p.partial;
          pending = p.bodyPending === true ? 'body' : p.total > 0 ? 'attachments' : 'message';
          // The read waits (bounded, FIRST_REPORT_WAIT_MS) until this verdict is drawn before it
          // decodes attachment bytes on this thread, which would otherwise hold the frame back.
          onScreenRef.current?.();
          const onScreen = new Promise<void>((resolve) => (onScreenRef.current = resolve));
          showPartial();
          return onScreen;
        }
        if (!shownPartial) setState({ kind: 'checking', run, progress: { done: p.done, total: p.total } });
        return undefined;
      });
    } catch {
      item = null;
    }
    finished = true;
    const s = await settings;
    if (!current()) return;
    if (!item) {
      setState({ kind: 'no-item', run });
      return;
    }
    const verdict = checkMessage(item.message, s);
    if (!current()) return;
    setState({ kind: 'result', run, verdict, item, settings: s, pending: null });
    void item.notify(verdict, langRef.current, s.config.notifyLevels).catch(() => undefined);
  }, [host, settings]);

  // At commit, not after the next frame: the reads go out to Outlook while the browser draws the
  // checking state, instead of after it.
  React.useLayoutEffect(() => {
    void check();
    // ItemChanged is what a pinned pane needs: where the client offers it, pinning works there.
    void host.onItemChanged(() => void check()).then((ok) => {
      if (!ok || pinHintSeen()) return;
      // Offered once: remembered now, so the next time the pane opens it is not shown again.
      storePinHintSeen();
      setPinHint(true);
    });
    return () => {
      // Unmounting abandons any check in flight.
      runRef.current++;
    };
  }, [host, settings, check]);

  React.useEffect(() => {
    if (state.kind !== 'result') return;
    // A run may show two partial verdicts (body still being read, then attachments still being
    // read): the first banner is the first of them; each partial's draw releases the read.
    const first = firstShownRef.current !== state.run;
    const final = state.pending === null;
    const drawn = state.pending !== null || first ? onScreenRef.current : null;
    firstShownRef.current = state.run;
    if (drawn) onScreenRef.current = null;
    const run = state.run;
    // Once the frame that shows this banner is drawn, not when React put it in the document.
    afterNextFrame(() => {
      markTiming('banner');
      if (first) markTiming('firstBanner');
      if (final) markTiming('finalBanner');
      drawn?.();
      setDetailsRun(run);
    });
  }, [state]);

  const hint = pinHint ? <PinHint lang={lang} onDismiss={() => setPinHint(false)} /> : null;
  if (state.kind === 'checking') return <CheckingState lang={lang} progress={state.progress} />;
  if (state.kind === 'no-item') {
    return (
      <>
        <div role="status" data-testid="no-item">
          {ui('selectMessage', lang)}
        </div>
        {hint}
      </>
    );
  }

  const address = state.settings.config.securityAddress;
  const checked = state.item;
  const canReport = host.canReport && typeof address === 'string' && address.length > 0 && checked !== null;
  const onReport = (): void => {
    if (!address || !checked || report === 'busy' || report === 'opened') return;
    const run = state.run;
    setReport('busy');
    void checked
      .report(address, state.verdict, lang)
      .then((r) => runRef.current === run && setReport(r.ok ? 'opened' : 'failed'))
      .catch(() => runRef.current === run && setReport('failed'));
  };
  return (
    <div className={styles.section} data-testid="verdict" data-level={state.verdict.level}>
      {/* A new key per run remounts the bar, so screen readers announce each new verdict. */}
      <RiskBanner key={state.run} verdict={state.verdict} lang={lang} pending={state.pending} />
      {/* The banner's frame holds the banner alone; what to do, the reasons and the report button
          follow in the next one (their first render inserts their styles and most of the DOM). */}
      {detailsRun === state.run && (
        <React.Suspense fallback={null}>
          <HostDetails
            verdict={state.verdict}
            pack={state.settings.pack}
            lang={lang}
            report={canReport ? { status: report, onReport, prominent: LOUD.has(state.verdict.level) } : undefined}
          />
        </React.Suspense>
      )}
      {hint}
    </div>
  );
});
