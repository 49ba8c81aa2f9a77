/**
 * Block entries for Defender for Office 365's Tenant Allow/Block List (TABL): a PowerShell script
 * of `New-TenantAllowBlockListItems … -Block` calls and the same entries as CSV.
 *
 * Only campaign infrastructure is blocked. Left out, each with its reason:
 * - shared services: a domain that is, or is under, a free-mail, cloud-storage or dynamic-DNS
 *   parent domain of the pack (blocking gmail.com or sharepoint.com would stop real mail); a URL
 *   on such a host is kept only when it has a path (that one file, not the service);
 * - the dynamic-DNS parents themselves, and the protected domains (the targets' own domains);
 * - what TABL cannot hold: MD5/SHA-1 hashes (FileHash takes SHA-256), file names, entries over
 *   250 characters, and quotes (TABL rejects them).
 * TABL URL syntax (defender-docs tenant-allow-block-list-urls-configure.md): `contoso.com` blocks
 * the domain, its subdomains and every path; an IPv4 or IPv6 address is allowed; no scheme.
 * Pure.
 */
import type { Pack } from '../engine/types';
import { exportIndicators, hashAlgorithm, listValues } from './indicators';

export type TablListType = 'Sender' | 'Url' | 'FileHash';

export interface TablEntry {
  listType: TablListType;
  value: string;
  sourceIds: string[];
}

export interface TablExport {
  entries: TablEntry[];
  excluded: Array<{ value: string; reason: string }>;
  script: string;
  csv: string;
}

/** TABL's documented maximum length of a URL entry. */
export const TABL_MAX_CHARS = 250;
/** Entries per New-TenantAllowBlockListItems call (the portal takes 20 at a time). */
const BATCH = 20;

function under(host: string, parents: readonly string[]): string | undefined {
  return parents.find((p) => host === p || host.endsWith(`.${p}`));
}

function listOfRule(pack: Pack, ruleId: string, param: string, fallback: string): string {
  const v = pack.rules.find((r) => r.id === ruleId)?.params[param];
  return typeof v === 'string' ? v : fallback;
}

function psString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function tablExport(pack: Pack): TablExport {
  const shared: Array<[string[], string]> = [
    [listValues(pack, listOfRule(pack, 'mf-sender-freemail-institutional', 'freemailList', 'freemail-domains')), 'free-mail service'],
    [listValues(pack, listOfRule(pack, 'mf-link-cloud-archive', 'hostList', 'cloud-storage-hosts')), 'cloud-storage service'],
    [listValues(pack, 'dynamic-dns-parents'), 'shared dynamic-DNS parent'],
    [listValues(pack, listOfRule(pack, 'mf-sender-lookalike-domain', 'protectedList', 'protected-domains')), 'protected (targeted) organisation'],
  ];
  const sharedReason = (host: string, exactOnlyForDynDns: boolean): string | null => {
    for (const [list, why] of shared) {
      const hit = under(host, list);
      // A full attacker host under a dynamic-DNS parent is that attacker's, not the service's.
      if (hit && !(exactOnlyForDynDns && why === 'shared dynamic-DNS parent' && host !== hit)) return `${why} (${hit})`;
    }
    return null;
  };
  const entries: TablEntry[] = [];
  const excluded: TablExport['excluded'] = [];
  const add = (listType: TablListType, value: string, sourceIds: string[], original = value): void => {
    if (value.length > TABL_MAX_CHARS) excluded.push({ value: original, reason: `longer than ${TABL_MAX_CHARS} characters` });
    else if (/['"]/.test(value)) excluded.push({ value: original, reason: 'TABL rejects quotes' });
    else if (!entries.some((e) => e.listType === listType && e.value === value)) entries.push({ listType, value, sourceIds });
  };
  for (const i of exportIndicators(pack)) {
    const ids = i.sources.map((s) => s.id);
    switch (i.kind) {
      case 'hash':
        if (hashAlgorithm(i.value) === 'SHA-256') add('FileHash', i.value, ids);
        else excluded.push({ value: i.value, reason: `${hashAlgorithm(i.value) ?? 'hash'}: TABL takes SHA-256 only` });
        break;
      case 'domain': {
        const why = sharedReason(i.value, true);
        if (why) excluded.push({ value: i.value, reason: `shared service: ${why}` });
        else {
          add('Sender', i.value, ids);
          add('Url', i.value, ids);
        }
        break;
      }
      case 'ip':
        add('Url', i.value, ids);
        break;
      case 'url': {
        const u = new URL(i.value);
        const why = sharedReason(u.hostname, true);
        const path = u.pathname === '/' && !u.search ? '' : `${u.pathname}${u.search}`;
        if (why && !path) excluded.push({ value: i.value, reason: `shared service: ${why}` });
        else add('Url', `${u.host}${path}`, ids, i.value);
        break;
      }
      case 'email':
        // One attacker's address, even on a free-mail service, blocks only that account.
        add('Sender', i.value, ids);
        break;
      case 'filename':
        excluded.push({ value: i.value, reason: 'TABL has no file-name list' });
        break;
    }
  }

  const counts = (t: TablListType): number => entries.filter((e) => e.listType === t).length;
  const lines = [
    `# MirrorFace Guard pack ${pack.version}: block entries for the Tenant Allow/Block List (Defender for Office 365 / EOP).`,
    '# Generated by mirrorface-guard export tabl. Review the entries, then run in Exchange Online PowerShell',
    '# (Connect-ExchangeOnline) as Security Administrator or Security Operator.',
    `# Entries: ${counts('Sender')} Sender, ${counts('Url')} Url, ${counts('FileHash')} FileHash. URL block-entry limits: 500 (EOP), 1000 (Defender for Office 365 Plan 1), 10000 (Plan 2).`,
    `# Left out: ${excluded.length} values that are shared services or that TABL cannot hold (mirrorface-guard lists them on standard error).`,
    '# Block entries expire after 90 days here (the longest TABL allows short of -NoExpiration); re-run with a newer pack to renew.',
    `# Rules: ${[...new Set(exportIndicators(pack).flatMap((i) => i.ruleIds))].join(', ')}. Sources: ${[...new Set(entries.flatMap((e) => e.sourceIds))].sort().join(', ')}.`,
    '$ErrorActionPreference = \'Stop\'',
    '$expires = (Get-Date).AddDays(90)',
  ];
  for (const type of ['Sender', 'Url', 'FileHash'] as const) {
    const of = entries.filter((e) => e.listType === type);
    for (let i = 0; i < of.length; i += BATCH) {
      const batch = of.slice(i, i + BATCH);
      const notes = `MirrorFace Guard ${pack.version}; sources: ${[...new Set(batch.flatMap((e) => e.sourceIds))].sort().join(', ')}`.slice(0, 250);
      lines.push(`New-TenantAllowBlockListItems -ListType ${type} -Block -ExpirationDate $expires -Notes ${psString(notes)} -Entries @(\n  ${batch.map((e) => psString(e.value)).join(',\n  ')}\n)`);
    }
  }
  const csv = ['ListType,Action,Value,Sources', ...entries.map((e) => [e.listType, 'Block', e.value, e.sourceIds.join(' ')].map(csvCell).join(','))].join('\n');
  return { entries, excluded, script: `${lines.join('\n')}\n`, csv: `${csv}\n` };
}
