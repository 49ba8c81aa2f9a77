/**
 * Verdict → what the banner says and how loudly. Pure, so the mapping is tested as a table
 * without rendering anything.
 *
 * Hint: no level maps to a green "success" look. A quiet `info` bar for `none` keeps "nothing
 * matched" from reading as "safe", and `none` with anything unchecked becomes a warning that says
 * so instead of "nothing found".
 */
import type { Lang, Level, Verdict } from '../../../engine/types';
import { LEVEL_LABEL, LEVEL_SUMMARY } from '../../../i18n/messages';
import { ui } from '../../i18n';

export type BannerIntent = 'info' | 'warning' | 'error';

export interface RiskBannerModel {
  level: Level;
  intent: BannerIntent;
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
  const intent: BannerIntent = partial ? 'warning' : INTENT[level];
  return {
    level,
    intent,
    // Interrupt the reader only when the advice is "do not open anything".
    politeness: intent === 'error' ? 'assertive' : 'polite',
    title: partial ? ui('notFullyChecked', lang) : LEVEL_LABEL[level][lang],
    summary: partial ? ui('notFullyCheckedSummary', lang) : LEVEL_SUMMARY[level][lang],
    partial,
  };
}
