/**
 * Published campaign indicators and the organisation's own (admin) indicators. Each list named in
 * `params.lists` is matched by its kind:
 * - hash: attachment and archive-entry MD5 / SHA-1 / SHA-256;
 * - domain: link hosts, hosts written in the body (defanged forms refanged) and, for admin lists,
 *   sender addresses. A listed host matches itself and its subdomains, never its parent, so a
 *   listed `x.ftp.sh` (dynamic DNS) does not flag every `ftp.sh` user;
 * - ip: link hosts and IPv4 addresses in the body;
 * - url: normalised link URLs (exact, or the listed URL followed by a query);
 * - filename: attachment/archive-entry names after NFKC, whole path or base name, with redacted
 *   published names (`<redacted>`) as patterns;
 * - email: From, Sender and Reply-To addresses.
 * Lists that are absent are skipped (admin lists are often empty).
 */
import { matchDomainList, matchFilenameList, matchUrlList } from '../compile';
import type { CompiledList } from '../compile';
import type { DetectorContext } from '../context';
import { addressDomain } from '../domain';
import type { Rule } from '../types';
import { hit, perRule, stringListParam } from './util';
import type { Detector, Hit } from './util';

function matchHashes(ctx: DetectorContext, list: CompiledList, out: Hit[]): void {
  for (const f of ctx.files) {
    if (!f.hashes) continue;
    const { sha256, sha1, md5 } = f.hashes;
    const h = sha256 && list.values.has(sha256) ? sha256 : sha1 && list.values.has(sha1) ? sha1 : md5 && list.values.has(md5) ? md5 : '';
    if (h) out.push(hit(f.field, `${f.where} (${h})`));
  }
}

// Matches are rare: the sets that stop one host or IP being reported twice are made on the first.

function matchDomains(ctx: DetectorContext, list: CompiledList, includeSenders: boolean, out: Hit[]): void {
  let seen: Set<string> | undefined;
  const check = (field: string, host: string, value: string): void => {
    if (!host || seen?.has(host) || matchDomainList(list, host) === undefined) return;
    (seen ??= new Set()).add(host);
    out.push(hit(field, value));
  };
  for (const l of ctx.links) if (!l.info.isIp) check('link', l.info.host, l.href);
  for (const h of ctx.bodyHosts) if (!h.isIp) check('body', h.host, h.host);
  if (includeSenders) {
    const boxes = [ctx.message.from, ctx.message.sender, ...ctx.message.replyTo];
    for (const b of boxes) if (b) check('from', addressDomain(b.address), b.address);
  }
}

function matchIps(ctx: DetectorContext, list: CompiledList, out: Hit[]): void {
  let seen: Set<string> | undefined;
  const check = (field: string, ip: string, value: string): void => {
    const norm = ip.startsWith('[') || ip.endsWith(']') ? ip.replace(/^\[|\]$/g, '') : ip;
    if (seen?.has(norm) || !list.values.has(norm)) return;
    (seen ??= new Set()).add(norm);
    out.push(hit(field, value));
  };
  for (const l of ctx.links) if (l.info.isIp) check('link', l.info.host, l.href);
  for (const h of ctx.bodyHosts) if (h.isIp) check('body', h.host, h.host);
}

function matchUrls(ctx: DetectorContext, list: CompiledList, out: Hit[]): void {
  for (const l of ctx.links) if (matchUrlList(list, l.url)) out.push(hit('link', l.href));
}

function matchFilenames(ctx: DetectorContext, list: CompiledList, out: Hit[]): void {
  for (const f of ctx.files) if (matchFilenameList(list, f.name) !== undefined) out.push(hit(f.field, f.where));
}

function matchEmails(ctx: DetectorContext, list: CompiledList, out: Hit[]): void {
  const boxes: [string, string | undefined][] = [
    ['from', ctx.message.from?.address],
    ['sender', ctx.message.sender?.address],
    ...ctx.message.replyTo.map((r): [string, string] => ['reply-to', r.address]),
  ];
  for (const [field, a] of boxes) if (a && list.values.has(a.toLowerCase())) out.push(hit(field, a));
}

export const iocMatch: Detector = (ctx: DetectorContext, rule: Rule): Hit[] => {
  const out: Hit[] = [];
  for (const id of perRule(rule, 'lists', () => stringListParam(rule, 'lists', []))) {
    const list = ctx.pack.lists.get(id);
    if (!list || list.values.size === 0) continue;
    switch (list.kind) {
      case 'hash':
        matchHashes(ctx, list, out);
        break;
      case 'domain':
        matchDomains(ctx, list, id.startsWith('admin'), out);
        break;
      case 'ip':
        matchIps(ctx, list, out);
        break;
      case 'url':
        matchUrls(ctx, list, out);
        break;
      case 'filename':
        matchFilenames(ctx, list, out);
        break;
      case 'email':
        matchEmails(ctx, list, out);
        break;
      default:
        break;
    }
  }
  return out;
};
