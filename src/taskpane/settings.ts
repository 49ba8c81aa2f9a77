/**
 * Everything the pane needs before it can give a verdict, besides the message: the admin
 * config and the pack to use (embedded, plus the admin's indicators when they all loaded).
 */
import type { Pack, Policy, Verdict, NormalisedMessage } from '../engine/types';
import { evaluate } from '../engine';
import { hasAdminIndicators, indicatorLoaderIssue, type AddinConfig, type ConfigIssue } from '../config/config';
import { loadConfig, type FetchLike } from '../config/load-config';
import type { AdminIndicators } from '../config/load-extras';

export interface Settings {
  config: AddinConfig;
  /** Problems for the administrator to fix, by field. */
  issues: ConfigIssue[];
  /** The config asked for admin indicators but they are not in use. */
  indicatorsInactive: boolean;
  pack: Pack;
}

/** Loads config.json and the admin indicators it names. Never rejects. */
export async function loadSettings(basePack: Pack, fetchFn: FetchLike, pageUrl: string): Promise<Settings> {
  const cfg = await loadConfig(fetchFn, pageUrl);
  const extra = hasAdminIndicators(cfg.config) ? await loadAdminIndicators(cfg.config, basePack, fetchFn) : { pack: basePack, issues: [], active: false };
  return {
    config: cfg.config,
    issues: [...cfg.issues, ...extra.issues],
    indicatorsInactive: cfg.indicatorsRejected || (hasAdminIndicators(cfg.config) && !extra.active),
    pack: extra.pack,
  };
}

/**
 * The admin's indicator files, read by code that loads only when config.json names some: a pane
 * without them never fetches it, and it stays out of the script the first banner waits for.
 */
async function loadAdminIndicators(config: AddinConfig, basePack: Pack, fetchFn: FetchLike): Promise<Pick<AdminIndicators, 'pack' | 'issues' | 'active'>> {
  try {
    return await (await import(/* webpackChunkName: "pack" */ '../config/load-extras')).loadAdminIndicators(config, basePack, fetchFn);
  } catch (e) {
    return { pack: basePack, issues: [indicatorLoaderIssue(e)], active: false };
  }
}

export function policyOf(config: AddinConfig): Policy {
  return { trustedDomains: config.trustedDomains, protectedDomains: config.protectedDomains };
}

/**
 * Runs the engine. It is total by contract; if it breaks that contract anyway, the pane shows
 * "not fully checked" rather than nothing, or worse, "nothing found".
 */
export function checkMessage(message: NormalisedMessage, settings: Pick<Settings, 'pack' | 'config'>): Verdict {
  try {
    return evaluate(message, settings.pack, policyOf(settings.config));
  } catch (e) {
    return {
      level: 'none',
      score: 0,
      findings: [],
      incomplete: [...message.incomplete, { code: 'rule-error', detail: `engine failed: ${String(e).slice(0, 200)}` }],
      guidance: [],
      reasons: ['engine threw'],
    };
  }
}
