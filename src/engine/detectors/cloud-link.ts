/**
 * Links to cloud storage. With `requireArchive` (default) the href, the link text or the body
 * near the link must name an archive or a download: the 2024–25 delivery (OneDrive → ZIP). With
 * `requireArchive: false` any cloud-storage link from a sender outside the trusted domains fires.
 * Hosts come from a domain list (host or any subdomain of a listed entry).
 */
import { matchDomainList } from '../compile';
import type { DetectorContext } from '../context';
import type { Rule } from '../types';
import { normaliseText } from '../text';
import { boolParam, extensionSet, hit, NONE, perRule, requireList, stringListParam } from './util';
import type { Detector, Hit } from './util';

const ARCHIVE_EXTENSIONS = ['zip', 'rar', '7z', 'lzh', 'iso', 'img', 'cab', 'tar', 'gz'];
const DOWNLOAD_WORDS = ['ダウンロード', 'download', '解凍', '圧縮ファイル', 'zipファイル'];
/** Characters of body text either side of the link read as "nearby". */
export const NEAR_LINK_CHARS = 300;

/** The archive-name pattern and download words of a rule (once per rule; see perRule). */
function archiveMatchers(rule: Rule): { archiveRe: RegExp; words: string[] } {
  return perRule(rule, 'archiveMatchers', () => {
    const exts = [...extensionSet(rule, 'archiveExtensions', ARCHIVE_EXTENSIONS)].map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const archiveRe = new RegExp(`\\.(?:${exts.join('|') || '(?!)'})(?![a-z0-9])`, 'i');
    const words = stringListParam(rule, 'downloadWords', DOWNLOAD_WORDS).map(normaliseText).filter(Boolean);
    return { archiveRe, words };
  });
}

export const cloudLink: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  const hosts = requireList(ctx, rule, 'hostList', 'cloud-storage-hosts');
  if (ctx.links.length === 0) return NONE;
  const requireArchive = boolParam(rule, 'requireArchive', true);
  if (!requireArchive) {
    const trusted = ctx.policy.trustedDomains.map((d) => d.toLowerCase());
    if (ctx.fromRegistrable && trusted.includes(ctx.fromRegistrable)) return [];
  }
  const { archiveRe, words } = archiveMatchers(rule);
  const namesArchive = (s: string): boolean => archiveRe.test(s) || words.some((w) => s.includes(w));

  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const l of ctx.links) {
    if (!l.info.host || matchDomainList(hosts, l.info.host) === undefined || seen.has(l.url)) continue;
    seen.add(l.url);
    if (requireArchive) {
      let near = '';
      const probe = normaliseText(l.text || l.href).slice(0, 200);
      const at = probe ? ctx.bodyNorm().indexOf(probe) : -1;
      if (at >= 0) near = ctx.bodyNorm().slice(Math.max(0, at - NEAR_LINK_CHARS), at + probe.length + NEAR_LINK_CHARS);
      let decodedHref = l.url;
      try {
        decodedHref = decodeURIComponent(l.url);
      } catch {
        // keep the raw href: malformed escapes are common in hostile links
      }
      if (!(namesArchive(decodedHref.toLowerCase()) || namesArchive(normaliseText(l.text)) || (near && namesArchive(near)))) continue;
    }
    hits.push(hit('link', l.href));
  }
  return hits;
};
