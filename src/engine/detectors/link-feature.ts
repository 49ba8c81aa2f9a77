/**
 * Risky features of a link on any host, one per rule (`feature` param):
 * - `file`: the path or a query value names a file that runs or hides other files: an archive,
 *   a disk image, an executable, a shortcut or a script (`…/report.zip`,
 *   `download.php?file=x.iso`). Since 2024 MirrorFace has linked to ZIPs instead of attaching
 *   them; the host need not be cloud storage, and may be the attacker's own look-alike domain.
 *   Cloud-storage hosts are left to the cloud-link rules, so one link is one finding.
 * - `ip`: the host is an IP address literal, not a name: nothing for a reader to recognise,
 *   and typical of throw-away download servers (the 2022 DOWNIISSA payloads came from one).
 * - `shortener`: the host is a public URL shortener, which hides where the link goes.
 *
 * Each is weak alone (newsletters link to installers; IT mail links to intranet IPs), so the rules
 * are `low`; the combination model raises them with an untrusted sender or a lure.
 * Links to the organisation's own trusted domains are never reported.
 */
import { matchDomainList } from '../compile';
import type { CompiledList } from '../compile';
import type { DetectorContext, LinkItem } from '../context';
import type { Rule } from '../types';
import { extensionSet, hit, NONE, perRule, requireList, stringParam } from './util';
import type { Detector, Hit } from './util';

/**
 * File extensions that run code or hide other files. `.com` is left out: in a URL it is nearly
 * always a domain (`?domain=github.com`, `…/*http://www.reuters.com`), not a DOS program.
 */
export const FILE_LINK_EXTENSIONS: readonly string[] = [
  'zip', 'rar', '7z', 'lzh', 'cab', 'ace', 'arj',
  'iso', 'img', 'vhd', 'vhdx',
  'exe', 'scr', 'pif', 'msi', 'dll', 'cpl', 'jar',
  'lnk', 'url', 'website', 'appref-ms',
  'js', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'hta', 'ps1', 'bat', 'cmd',
  'chm', 'one', 'onepkg', 'xll', 'iqy', 'slk',
];
/** Links checked per message per rule (the message's link list is already capped). */
const MAX_LINKS_CHECKED = 500;
/** Longest path or query read for a file name; longer ones are padding. */
const MAX_URL_PART_CHARS = 2_048;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The extension of the last path segment, or '' (`/a/b/report.zip` → `zip`). */
function lastExtension(segment: string): string {
  const base = segment.slice(segment.lastIndexOf('/') + 1).trim();
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * The risky file a URL names: its path's last segment, or any query value that is a file name.
 * Returns the name as written, or ''.
 */
export function namedFile(url: string, exts: ReadonlySet<string>): string {
  const scheme = url.indexOf('://');
  if (scheme < 0) return '';
  const rest = url.slice(scheme + 3, scheme + 3 + MAX_URL_PART_CHARS);
  const slash = rest.search(/[/?#]/);
  if (slash < 0) return '';
  const tail = rest.slice(slash);
  const hashAt = tail.indexOf('#');
  const noFrag = hashAt >= 0 ? tail.slice(0, hashAt) : tail;
  const q = noFrag.indexOf('?');
  const path = decode(q >= 0 ? noFrag.slice(0, q) : noFrag);
  if (exts.has(lastExtension(path))) return path.slice(path.lastIndexOf('/') + 1);
  if (q >= 0) {
    for (const pair of noFrag.slice(q + 1).split('&')) {
      const value = decode(pair.slice(pair.indexOf('=') + 1).replace(/\+/g, ' '));
      if (exts.has(lastExtension(value))) return value.slice(value.lastIndexOf('/') + 1);
    }
  }
  return '';
}

export const linkFeature: Detector = (ctx: DetectorContext, rule: Rule): readonly Hit[] => {
  if (ctx.links.length === 0) return NONE;
  const feature = stringParam(rule, 'feature', 'file');
  const trusted = ctx.policy.trustedDomains;
  const cloud: CompiledList | undefined = feature === 'file' ? requireList(ctx, rule, 'hostList', 'cloud-storage-hosts') : undefined;
  const shorteners: CompiledList | undefined = feature === 'shortener' ? requireList(ctx, rule, 'hostList', 'url-shorteners') : undefined;
  const exts = feature === 'file' ? extensionSet(rule, 'extensions', FILE_LINK_EXTENSIONS) : perRule(rule, 'none', () => new Set<string>());
  let hits: Hit[] | undefined;
  const seen = new Set<string>();
  const links = ctx.links;
  for (let i = 0; i < links.length && i < MAX_LINKS_CHECKED; i++) {
    const l = links[i] as LinkItem;
    const info = l.info;
    if (!info.host || seen.has(l.url) || !/^(?:https?|ftp):\/\//i.test(l.url)) continue;
    seen.add(l.url);
    if (info.domain && trusted.includes(info.domain)) continue;
    if (feature === 'ip') {
      if (info.isIp) (hits ??= []).push(hit('link', l.href));
    } else if (feature === 'shortener') {
      if (shorteners && matchDomainList(shorteners, info.host) !== undefined) (hits ??= []).push(hit('link', l.href));
    } else {
      if (cloud && matchDomainList(cloud, info.host) !== undefined) continue;
      const file = namedFile(l.url, exts);
      if (file) (hits ??= []).push(hit('link', `${l.href} (${file})`));
    }
  }
  return hits ?? NONE;
};
