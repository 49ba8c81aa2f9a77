import * as React from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Lang, Verdict } from '../../../engine/types';
import { ui } from '../../i18n';
import { riskBannerModel, type RiskBannerModel } from './risk-banner-model';

/**
 * The banner is drawn with Fluent's tokens rather than its MessageBar: the first banner's script
 * budget (200 kB gzip with React) has no room for MessageBar's motion and icon packages, and the
 * banner needs a look MessageBar has no intent for (critical's solid fill). It keeps
 * MessageBar's structure: an icon, a title and one line, in a group announced politely or
 * assertively.
 */
/** Griffel takes each edge's colour on its own. */
function edges(color: string): { borderTopColor: string; borderRightColor: string; borderBottomColor: string; borderLeftColor: string } {
  return { borderTopColor: color, borderRightColor: color, borderBottomColor: color, borderLeftColor: color };
}

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    columnGap: tokens.spacingHorizontalS,
    alignItems: 'flex-start',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid`,
  },
  info: { backgroundColor: tokens.colorNeutralBackground3, ...edges(tokens.colorNeutralStroke1), color: tokens.colorNeutralForeground1 },
  // Not fully checked with nothing found: neutral like "none", with a dashed edge; quieter than medium.
  partial: { backgroundColor: tokens.colorNeutralBackground3, ...edges(tokens.colorNeutralStroke1), borderTopStyle: 'dashed', borderRightStyle: 'dashed', borderBottomStyle: 'dashed', borderLeftStyle: 'dashed', color: tokens.colorNeutralForeground1 },
  warning: { backgroundColor: tokens.colorStatusWarningBackground1, ...edges(tokens.colorStatusWarningBorder1), color: tokens.colorNeutralForeground1 },
  error: { backgroundColor: tokens.colorStatusDangerBackground1, ...edges(tokens.colorStatusDangerBorder1), color: tokens.colorNeutralForeground1 },
  // Critical: a solid danger fill with white text, as Outlook's own bar does for its worst case.
  solid: {
    backgroundColor: tokens.colorStatusDangerBackground3,
    ...edges(tokens.colorStatusDangerBorder2),
    color: tokens.colorNeutralForegroundStaticInverted,
    borderTopWidth: tokens.strokeWidthThick,
    borderRightWidth: tokens.strokeWidthThick,
    borderBottomWidth: tokens.strokeWidthThick,
    borderLeftWidth: tokens.strokeWidthThick,
  },
  icon: { flexShrink: 0, width: '20px', height: '20px', marginTop: '2px' },
  iconInfo: { color: tokens.colorNeutralForeground2 },
  iconWarning: { color: tokens.colorStatusWarningForeground3 },
  iconError: { color: tokens.colorStatusDangerForeground1 },
  iconSolid: { color: tokens.colorNeutralForegroundStaticInverted },
  body: { minWidth: 0, display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightBold },
  summary: { margin: 0, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300 },
  pending: { margin: 0, marginTop: tokens.spacingVerticalXS, fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  // Japanese is not set in italics (a browser can only slant the kana and kanji); English is.
  pendingLatin: { fontStyle: 'italic' },
});

/**
 * The banner's styles, inserted by the checking state that precedes it (Griffel inserts every
 * rule of a makeStyles call on its first use), so the verdict's frame does not pay for them.
 */
export const useRiskBannerStyles = useStyles;

export interface RiskBannerProps {
  verdict: Pick<Verdict, 'level' | 'incomplete'>;
  lang: Lang;
  /** The body, attachments, or the whole message are still being read: this verdict may still rise. */
  pending?: 'body' | 'attachments' | 'message' | null;
}

/** The level and one action line, in one bar at the top; the rest of the pane explains it. */
export function RiskBanner({ verdict, lang, pending = null }: RiskBannerProps): React.ReactElement {
  const m = riskBannerModel(verdict, lang);
  const styles = useStyles();
  const tone = m.solid ? styles.solid : m.partial ? styles.partial : styles[m.intent];
  const iconTone = m.solid ? styles.iconSolid : m.intent === 'error' ? styles.iconError : m.intent === 'warning' ? styles.iconWarning : styles.iconInfo;
  const titleId = React.useId();
  return (
    <div
      role="group"
      aria-labelledby={titleId}
      className={mergeClasses(styles.bar, tone)}
      data-testid="risk-banner"
      data-level={m.level}
      data-partial={m.partial ? 'true' : 'false'}
      data-pending={pending ? 'true' : 'false'}
    >
      <BannerIcon model={m} className={mergeClasses(styles.icon, iconTone)} />
      {/* A live region inside the group, so each new verdict is read out once. */}
      <div className={styles.body} aria-live={m.politeness} aria-atomic="true">
        <p id={titleId} className={styles.title}>
          {m.title}
        </p>
        <p className={styles.summary}>{m.summary}</p>
        {pending && (
          <p className={mergeClasses(styles.pending, lang === 'en' && styles.pendingLatin)} data-testid="still-checking">
            {ui(pending === 'body' ? 'stillCheckingBody' : pending === 'message' ? 'stillCheckingMessage' : 'stillChecking', lang)}
          </p>
        )}
      </div>
    </div>
  );
}

/** A distinct shape per kind of verdict, so the level never rests on colour alone. */
function BannerIcon({ model, className }: { model: RiskBannerModel; className: string }): React.ReactElement {
  const shape = model.solid
    ? // an octagon with a cross: "stop"
      <>
        <path d="M6.6 1h6.8L19 6.6v6.8L13.4 19H6.6L1 13.4V6.6z" fill="currentColor" />
        <path d="M7 7l6 6M13 7l-6 6" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      </>
    : model.intent === 'error'
      ? // a filled circle with "!"
        <>
          <circle cx="10" cy="10" r="9" fill="currentColor" />
          <path d="M10 5v6" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
          <circle cx="10" cy="14.5" r="1.2" fill="#fff" />
        </>
      : model.intent === 'warning'
        ? // a triangle with "!"
          <>
            <path d="M10 1.5L19 18H1z" fill="currentColor" />
            <path d="M10 7v5" stroke="#000" strokeWidth="2" strokeLinecap="round" />
            <circle cx="10" cy="15" r="1.1" fill="#000" />
          </>
        : model.partial
          ? // a half-filled circle: "partly checked"
            <>
              <circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path d="M10 1.5a8.5 8.5 0 0 1 0 17z" fill="currentColor" />
            </>
          : // an outlined circle with "i"
            <>
              <circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path d="M10 9v5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              <circle cx="10" cy="6" r="1.1" fill="currentColor" />
            </>;
  return (
    <svg className={className} viewBox="0 0 20 20" aria-hidden="true" focusable="false" data-icon={model.solid ? 'stop' : model.partial ? 'partial' : model.intent}>
      {shape}
    </svg>
  );
}
