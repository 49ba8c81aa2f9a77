/**
 * Verdict → what the banner says and how loudly. Pure, so the mapping is tested as a table
 * without rendering anything.
 *
 * Hint: no level maps to a green "success" look. `none` says what the check covers (this
 * campaign's known patterns, not phishing in general). `none` with anything unchecked says so
 * instead of "nothing found", in a quiet bar (quieter than medium, louder than nothing) with an
 * action. `critical` is a solid danger fill, distinct from `high`, as in Outlook's own bar. The
 * level is always in words: colour is never the only signal.
 */
import type { Lang, Level, Verdict } from '../../../engine/types';
import { LEVEL_LABEL, LEVEL_SUMMARY } from '../../../i18n/messages';
import { ui } from '../../i18n';

export type BannerIntent = 'info' | 'warning' | 'error';

export interface RiskBannerModel {
  level: Level;
  intent: BannerIntent;
  /** Solid danger fill (critical only). */
  solid: boolean;
  politeness: 'polite' | 'assertive';
  title: string;
  summary: string;
  /** `none` with something unchecked: shown as "not fully checked". */
  partial: boolean;
}

const INTENT: Record<Level, BannerIntent> = {
  none: 'info',
  low: 'info',
  medium: 'warning',
  high: 'error',
  critical: 'error',
};

export function riskBannerModel(verdict: Pick<Verdict, 'level' | 'incomplete'>, lang: Lang): RiskBannerModel {
  const level = verdict.level;
  const partial = level === 'none' && verdict.incomplete.length > 0;
  const intent: BannerIntent = INTENT[level];
  return {
    level,
    intent,
    solid: level === 'critical',
    // Interrupt the reader only when the advice is "do not open anything".
    politeness: intent === 'error' ? 'assertive' : 'polite',
    title: partial ? ui('notFullyChecked', lang) : LEVEL_LABEL[level][lang],
    summary: partial ? ui('notFullyCheckedSummary', lang) : LEVEL_SUMMARY[level][lang],
    partial,
  };
}
