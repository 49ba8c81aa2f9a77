/**
 * The pack as KQL hunting queries for Microsoft Defender XDR advanced hunting (`defender`) and
 * Microsoft Sentinel (`sentinel`), over the documented email tables: EmailEvents,
 * EmailAttachmentInfo, EmailUrlInfo, UrlClickEvents and EmailPostDeliveryEvents. One query per
 * rule family; each starts with a comment naming its rules and their sources, and returns the
 * columns an analyst pivots on (time, NetworkMessageId, InternetMessageId, RecipientEmailAddress,
 * SenderFromAddress, Subject, MatchedValue, MatchedRule, ReportId).
 *
 * How keywords are matched (see the README's SOC guide): KQL's `has` family matches whole *terms*,
 * maximal runs of alphanumeric characters, and only terms of three or more characters are indexed.
 * A Japanese subject has no spaces, so a keyword such as 日米同盟 inside 日米同盟の抑止力について
 * is never a term of its own, and two-character words (取材, 選挙) are below the indexed length.
 * Japanese keywords therefore use substring matching: `contains_cs` when the keyword has no cased
 * letter (kana and kanji have no case, so the case-sensitive form is exact and cheaper), `contains`
 * when it mixes in Latin letters (SNSでの拡散のお願い). Single English words use `has_any`: a term
 * match, so `foip` does not fire inside an unrelated longer word, and it uses the term index.
 * English phrases use `contains`.
 *
 * Pure: the pack and options in, query text out.
 */
import type { Pack, Rule, Source } from '../engine/types';
import { exportIndicators, hashAlgorithm, keywordValues, listValues, sourcesOfRules, stringParams, type ExportIndicator } from './indicators';

export type KqlFlavor = 'defender' | 'sentinel';
export const KQL_FLAVORS: readonly KqlFlavor[] = ['defender', 'sentinel'];

export interface KqlOptions {
  flavor: KqlFlavor;
  /** Look-back as a KQL timespan literal (`30d`, `12h`); ignored for detection rules. */
  lookback: string;
  /**
   * Shape the query for a custom detection rule: no time filter (Defender applies the rule's own
   * look-back, and the docs say not to filter on Timestamp). Defender flavour only.
   */
  forDetectionRule?: boolean;
}

export interface KqlQuery {
  /** File-name stem and stable id: `ioc-attachments`, `ioc-network`, … */
  family: string;
  /** One line: what the query finds. */
  purpose: string;
  ruleIds: string[];
  sources: Source[];
  text: string;
}

/** `30d`, `12h`, `90m`: what `--since` accepts. */
export const TIMESPAN_RE = /^[1-9]\d{0,4}[dhm]$/;

/** Columns every query returns first, in this order (the time column depends on the flavour). */
export const PIVOT_COLUMNS = ['NetworkMessageId', 'InternetMessageId', 'RecipientEmailAddress', 'SenderFromAddress', 'Subject', 'MatchedValue', 'MatchedRule', 'ReportId'] as const;

const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A KQL string literal. Values with control characters never reach here (see {@link usable}). */
export function kqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A verbatim KQL string for a regular expression (`@"…"`, where only `"` needs doubling). */
function kqlVerbatim(s: string): string {
  return `@"${s.replace(/"/g, '""')}"`;
}

/** One comment line: line breaks and control characters from pack text can never end the comment. */
export function commentText(s: string): string {
  return s.replace(new RegExp(CONTROL_RE.source, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

function usable(v: string): boolean {
  return !CONTROL_RE.test(v);
}

/** RE2 escaping for a literal inside a pattern. */
function reEscape(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function dynamicList(values: readonly string[]): string {
  if (values.length === 0) return 'dynamic([])';
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += 6) lines.push(values.slice(i, i + 6).map(kqlString).join(', '));
  return values.length <= 6 ? `dynamic([${lines[0]}])` : `dynamic([\n    ${lines.join(',\n    ')}\n])`;
}

/** `(^|\.)(a\.com|b\.net)$`: the host itself or any subdomain, never its parent (the engine's rule). */
function hostPattern(domains: readonly string[]): string {
  return `(^|\\.)(${domains.map(reEscape).join('|')})$`;
}

/** Lower-case file names, with the NFKC form when it differs (the engine matches after NFKC). */
function nameForms(name: string): string[] {
  const lower = name.toLowerCase();
  const nfkc = name.normalize('NFKC').toLowerCase();
  return nfkc === lower ? [lower] : [lower, nfkc];
}

/** A file-name pattern with `*` wildcards as an anchored RE2 expression over all its forms. */
function wildcardNamePattern(names: readonly string[]): string {
  const alts = names.flatMap(nameForms).map((n) => n.split('*').map(reEscape).join('.*'));
  return `^(?:${[...new Set(alts)].join('|')})$`;
}

function uniq(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

interface IocSets {
  campaignSha256: string[];
  adminSha256: string[];
  /** MD5 / SHA-1 values, which the email tables cannot match. */
  unmatchableHashes: number;
  campaignNames: string[];
  campaignNamePatterns: string[];
  adminNames: string[];
  campaignHosts: string[];
  adminHosts: string[];
  campaignIps: string[];
  adminIps: string[];
  campaignUrls: string[];
  adminUrls: string[];
  adminEmails: string[];
  /** Values left out because they hold control characters. */
  skipped: number;
}

function iocSets(indicators: readonly ExportIndicator[]): IocSets {
  const s: IocSets = {
    campaignSha256: [], adminSha256: [], unmatchableHashes: 0, campaignNames: [], campaignNamePatterns: [], adminNames: [],
    campaignHosts: [], adminHosts: [], campaignIps: [], adminIps: [], campaignUrls: [], adminUrls: [], adminEmails: [], skipped: 0,
  };
  for (const i of indicators) {
    if (!usable(i.value)) {
      s.skipped++;
      continue;
    }
    const admin = i.listId.startsWith('admin-');
    switch (i.kind) {
      case 'hash':
        if (hashAlgorithm(i.value) === 'SHA-256') (admin ? s.adminSha256 : s.campaignSha256).push(i.value.toLowerCase());
        else s.unmatchableHashes++;
        break;
      case 'filename':
        if (i.value.includes('*') && !admin) s.campaignNamePatterns.push(i.value);
        else (admin ? s.adminNames : s.campaignNames).push(...nameForms(i.value));
        break;
      case 'domain':
        (admin ? s.adminHosts : s.campaignHosts).push(i.value.toLowerCase());
        break;
      case 'ip':
        (admin ? s.adminIps : s.campaignIps).push(i.value.toLowerCase());
        break;
      case 'url':
        (admin ? s.adminUrls : s.campaignUrls).push(i.value.toLowerCase().replace(/\/+$/, ''));
        break;
      case 'email':
        s.adminEmails.push(i.value.toLowerCase());
        break;
    }
  }
  for (const k of Object.keys(s) as Array<keyof IocSets>) {
    const v = s[k];
    if (Array.isArray(v)) (s[k] as string[]) = uniq(v);
  }
  return s;
}

class QueryBuilder {
  private lets: string[] = [];
  constructor(readonly tc: string, readonly options: KqlOptions) {
    if (!options.forDetectionRule) this.let('lookback', options.lookback);
  }
  /** Adds `let name = value;` once. */
  let(name: string, value: string): string {
    const line = `let ${name} = ${value};`;
    if (!this.lets.includes(line)) this.lets.push(line);
    return name;
  }
  /** `| where <time> > ago(lookback)`, or nothing for a detection rule. */
  window(): string {
    if (this.options.forDetectionRule) return '';
    return `\n| where ${this.tc} > ago(lookback)`;
  }
  letsText(): string {
    return this.lets.length > 0 ? `${this.lets.join('\n')}\n` : '';
  }
}

/** `case(cond1, "rule1", cond2, "rule2", "")`, skipping rules whose condition is empty. */
function ruleCase(branches: ReadonlyArray<[string[], string]>): string | null {
  const parts = branches.filter(([c]) => c.length > 0).map(([c, rule]) => `${c.join(' or ')}, ${kqlString(rule)}`);
  return parts.length > 0 ? `case(\n    ${parts.join(',\n    ')},\n    "")` : null;
}

/** The attachment IOC match (hashes, lure names), shared by the attachment and post-delivery queries. */
function attachmentMatch(q: QueryBuilder, s: IocSets): string | null {
  const campaign: string[] = [];
  const names: string[] = [];
  const admin: string[] = [];
  if (s.campaignSha256.length) campaign.push(`LowerSha in (${q.let('campaignSha256', dynamicList(s.campaignSha256))})`);
  if (s.campaignNames.length) names.push(`LowerName in (${q.let('lureFileNames', dynamicList(s.campaignNames))})`);
  if (s.campaignNamePatterns.length) names.push(`LowerName matches regex ${q.let('lureFileNamePattern', kqlVerbatim(wildcardNamePattern(s.campaignNamePatterns)))}`);
  if (s.adminSha256.length) admin.push(`LowerSha in (${q.let('adminSha256', dynamicList(s.adminSha256))})`);
  if (s.adminNames.length) admin.push(`LowerName in (${q.let('adminFileNames', dynamicList(s.adminNames))})`);
  const c = ruleCase([
    [campaign, 'mf-ioc-campaign-hash'],
    [names, 'mf-ioc-campaign-filename'],
    [admin, 'mf-ioc-admin'],
  ]);
  if (!c) return null;
  return (
    `EmailAttachmentInfo${q.window()}\n` +
    `| extend LowerName = tolower(FileName), LowerSha = tolower(SHA256)\n` +
    `| extend MatchedRule = ${c}\n` +
    `| where isnotempty(MatchedRule)\n` +
    `| extend MatchedValue = iff(isnotempty(LowerSha) and (LowerSha in (${s.campaignSha256.length ? 'campaignSha256' : 'dynamic([])'}) or LowerSha in (${s.adminSha256.length ? 'adminSha256' : 'dynamic([])'})), SHA256, FileName)`
  );
}

/** The link IOC match over a table with a `Host` and a `NormUrl` column. */
function linkMatchCase(q: QueryBuilder, s: IocSets): string | null {
  const campaign: string[] = [];
  const admin: string[] = [];
  if (s.campaignHosts.length) campaign.push(`Host matches regex ${q.let('campaignHostPattern', kqlVerbatim(hostPattern(s.campaignHosts)))}`);
  if (s.campaignIps.length) campaign.push(`Host in (${q.let('campaignIps', dynamicList(s.campaignIps))})`);
  if (s.campaignUrls.length) campaign.push(`NormUrl in (${q.let('campaignUrls', dynamicList(s.campaignUrls))})`);
  if (s.adminHosts.length) admin.push(`Host matches regex ${q.let('adminHostPattern', kqlVerbatim(hostPattern(s.adminHosts)))}`);
  if (s.adminIps.length) admin.push(`Host in (${q.let('adminIps', dynamicList(s.adminIps))})`);
  if (s.adminUrls.length) admin.push(`NormUrl in (${q.let('adminUrls', dynamicList(s.adminUrls))})`);
  return ruleCase([
    [campaign, 'mf-ioc-campaign-network'],
    [admin, 'mf-ioc-admin'],
  ]);
}

function mailLinkMatch(q: QueryBuilder, s: IocSets): string | null {
  const c = linkMatchCase(q, s);
  if (!c) return null;
  return (
    `EmailUrlInfo${q.window()}\n` +
    `| extend Host = tolower(UrlDomain), NormUrl = trim_end(@"/+", tolower(Url))\n` +
    `| extend MatchedRule = ${c}\n` +
    `| where isnotempty(MatchedRule)\n` +
    `| extend MatchedValue = Url`
  );
}

/** Message details per NetworkMessageId (one row per message, whatever the number of recipients). */
function messageDetails(q: QueryBuilder): string {
  return (
    `EmailEvents${q.window()}\n` +
    `    | summarize InternetMessageId = take_any(InternetMessageId), SenderFromAddress = take_any(SenderFromAddress), Subject = take_any(Subject) by NetworkMessageId`
  );
}

function header(pack: Pack, purpose: string, rules: readonly Rule[], sources: readonly Source[], flavor: KqlFlavor, notes: readonly string[]): string {
  const lines = [
    `// MirrorFace Guard pack ${commentText(pack.version)}: ${commentText(purpose)}`,
    `// Rules: ${rules.map((r) => r.id).join(', ')}`,
    `// Sources:`,
    ...sources.map((s) => `//   ${commentText(s.id)}: ${commentText(s.publisher)}, "${commentText(s.title)}"${s.date ? `, ${commentText(s.date)}` : ''}${s.url ? `, ${commentText(s.url)}` : ''}`),
    `// Flavor: ${flavor === 'defender' ? 'Microsoft Defender XDR advanced hunting (Timestamp)' : 'Microsoft Sentinel / Log Analytics (TimeGenerated)'}. Generated by mirrorface-guard export kql.`,
    ...notes.map((n) => `// ${commentText(n)}`),
  ];
  return `${lines.join('\n')}\n`;
}

function pivot(tc: string, extra: readonly string[]): string {
  return `| project ${[tc, ...PIVOT_COLUMNS, ...extra].join(', ')}`;
}

function ruleById(pack: Pack, ids: readonly string[]): Rule[] {
  return ids.map((id) => pack.rules.find((r) => r.id === id)).filter((r): r is Rule => r !== undefined);
}

function iocAttachments(pack: Pack, s: IocSets, q: QueryBuilder): KqlQuery | null {
  const body = attachmentMatch(q, s);
  if (!body) return null;
  const rules = ruleById(pack, ['mf-ioc-campaign-hash', 'mf-ioc-campaign-filename', 'mf-ioc-admin']);
  const purpose = 'published campaign and admin file hashes and lure file names in mail attachments';
  const notes = [
    'Microsoft documents EmailAttachmentInfo.SHA256 as "usually not populated", so published file names are matched as well as hashes.',
    `${s.unmatchableHashes} MD5/SHA-1 values of the pack cannot be matched here (the table has SHA256 only); the STIX and MISP exports carry them.`,
    'Files inside archives are not listed in EmailAttachmentInfo; the CLI scan looks inside ZIPs.',
  ];
  const sources = sourcesOfRules(pack, rules, ['campaign-hashes', 'campaign-filenames']);
  const text =
    header(pack, purpose, rules, sources, q.options.flavor, notes) +
    q.letsText() +
    `${body}\n` +
    `| join kind=leftouter (${messageDetails(q)}\n) on NetworkMessageId\n` +
    pivot(q.tc, ['FileName', 'FileType', 'SHA256', 'FileSize', 'ThreatTypes']);
  return { family: 'ioc-attachments', purpose, ruleIds: rules.map((r) => r.id), sources, text };
}

function iocNetwork(pack: Pack, s: IocSets, q: QueryBuilder): KqlQuery | null {
  const inMail = mailLinkMatch(q, s);
  if (!inMail) return null;
  const c = linkMatchCase(q, s) as string;
  const rules = ruleById(pack, ['mf-ioc-campaign-network', 'mf-ioc-admin']);
  const purpose = 'campaign and admin domains, IP addresses and URLs in mail links (EmailUrlInfo) and who clicked them (UrlClickEvents)';
  const notes = [
    'A listed domain matches itself and its subdomains, never its parent (a host under a shared dynamic-DNS parent flags only that host).',
    'Clicks are recorded only for links that Safe Links wrapped; Where = "click" rows name the account in ClickedBy.',
  ];
  const sources = sourcesOfRules(pack, rules, ['campaign-domains', 'campaign-ips', 'campaign-urls']);
  const text =
    header(pack, purpose, rules, sources, q.options.flavor, notes) +
    q.letsText() +
    `let inMail = ${inMail}\n` +
    `| extend Where = strcat("mail link (", UrlLocation, ")");\n` +
    `let clicks = UrlClickEvents${q.window()}\n` +
    `| extend Host = tolower(tostring(parse_url(Url).Host)), NormUrl = trim_end(@"/+", tolower(Url))\n` +
    `| extend MatchedRule = ${c}\n` +
    `| where isnotempty(MatchedRule)\n` +
    `| extend MatchedValue = Url, Where = "click", ClickedBy = AccountUpn, ClickIPAddress = IPAddress;\n` +
    `union inMail, clicks\n` +
    `| join kind=leftouter (EmailEvents${q.window()}\n    | project NetworkMessageId, RecipientEmailAddress, InternetMessageId, SenderFromAddress, Subject\n) on NetworkMessageId\n` +
    `| extend RecipientEmailAddress = iff(Where == "click", ClickedBy, RecipientEmailAddress)\n` +
    `| summarize arg_max(${q.tc}, *) by NetworkMessageId, RecipientEmailAddress, MatchedValue, Where\n` +
    pivot(q.tc, ['Where', 'ClickedBy', 'IsClickedThrough', 'ActionType', 'ClickIPAddress']);
  return { family: 'ioc-network', purpose, ruleIds: rules.map((r) => r.id), sources, text };
}

function riskyAttachments(pack: Pack, q: QueryBuilder): KqlQuery | null {
  const lnk = pack.rules.find((r) => r.id === 'mf-attachment-lnk');
  const disk = pack.rules.find((r) => r.id === 'mf-attachment-disk-image');
  const exe = pack.rules.find((r) => r.id === 'mf-attachment-executable');
  const dbl = pack.rules.find((r) => r.id === 'mf-attachment-double-extension');
  const branches: Array<[string[], string]> = [];
  if (dbl && stringParams(dbl, 'decoy').length && stringParams(dbl, 'dangerous').length) {
    q.let('decoyExtensions', dynamicList(stringParams(dbl, 'decoy')));
    q.let('dangerousExtensions', dynamicList(stringParams(dbl, 'dangerous')));
    branches.push([['(InnerExt in (decoyExtensions) and Ext in (dangerousExtensions))'], dbl.id]);
  }
  for (const [rule, name] of [[lnk, 'lnkExtensions'], [disk, 'diskImageExtensions'], [exe, 'executableExtensions']] as const) {
    const exts = stringParams(rule, 'extensions');
    if (!rule || exts.length === 0) continue;
    q.let(name, dynamicList(exts));
    branches.push([[`Ext in (${name})`, `tolower(FileType) in (${name})`], rule.id]);
  }
  const c = ruleCase(branches);
  if (!c) return null;
  const rules = [dbl, lnk, disk, exe].filter((r): r is Rule => r !== undefined);
  const purpose = 'risky attachment kinds (shortcuts, double extensions, disk images, programs and scripts) with the message they came in';
  const notes = [
    'Extensions come from the rules\' parameters. The pane and CLI also judge the real type from the bytes and look inside ZIPs; EmailAttachmentInfo has only the name and FileType.',
  ];
  const sources = sourcesOfRules(pack, rules);
  const text =
    header(pack, purpose, rules, sources, q.options.flavor, notes) +
    q.letsText() +
    `EmailAttachmentInfo${q.window()}\n` +
    `| extend LowerName = tolower(trim_end(@"[\\s.]+", FileName))\n` +
    `| extend Ext = extract(@"\\.([a-z0-9]+)$", 1, LowerName), InnerExt = extract(@"\\.([a-z0-9]+)\\s*\\.[a-z0-9]+$", 1, LowerName)\n` +
    `| extend MatchedRule = ${c}\n` +
    `| where isnotempty(MatchedRule)\n` +
    `| extend MatchedValue = FileName\n` +
    `| join kind=leftouter (${messageDetails(q)}\n) on NetworkMessageId\n` +
    pivot(q.tc, ['FileName', 'FileType', 'SHA256', 'FileSize', 'ThreatTypes']);
  return { family: 'risky-attachments', purpose, ruleIds: rules.map((r) => r.id), sources, text };
}

function isSingleAsciiWord(k: string): boolean {
  return /^[A-Za-z0-9]+$/.test(k);
}

function hasCasedLetter(k: string): boolean {
  return k.toLowerCase() !== k.toUpperCase();
}

/** The subject condition for lure keywords, per the matching rules in the header of this file. */
function lureCondition(q: QueryBuilder, keywords: readonly string[]): string | null {
  const words = uniq(keywords.filter(isSingleAsciiWord).map((k) => k.toLowerCase()));
  const clauses: string[] = [];
  if (words.length) clauses.push(`Subject has_any (${q.let('lureWords', dynamicList(words))})`);
  for (const k of uniq(keywords.filter((k) => !isSingleAsciiWord(k)))) clauses.push(`Subject ${hasCasedLetter(k) ? 'contains' : 'contains_cs'} ${kqlString(k)}`);
  return clauses.length ? clauses.join('\n    or ') : null;
}

/** A pattern that extracts which keyword matched, for MatchedValue. */
function lurePattern(keywords: readonly string[]): string {
  const sorted = [...keywords].sort((a, b) => b.length - a.length);
  return `(?i)(${sorted.map((k) => (isSingleAsciiWord(k) ? `\\b${reEscape(k)}\\b` : reEscape(k))).join('|')})`;
}

/** `mofa.go.jp` embedded in another name (`mofa-go-jp.com`, `mofa.go.jp.example.net`). */
function embeddedPattern(domains: readonly string[]): string {
  return `(^|[.-])(${domains.map((d) => d.split('.').map(reEscape).join('[.-]')).join('|')})([.-]|$)`;
}

function campaignShape(pack: Pack, q: QueryBuilder): KqlQuery | null {
  const lure = pack.rules.find((r) => r.id === 'mf-subject-lure-keyword');
  if (!lure) return null;
  const keywords = keywordValues(pack, typeof lure.params.list === 'string' ? lure.params.list : 'lure-keywords').filter(usable);
  const cond = lureCondition(q, keywords);
  if (!cond) return null;
  const freemailRule = pack.rules.find((r) => r.id === 'mf-sender-freemail-institutional');
  const lookalikeRule = pack.rules.find((r) => r.id === 'mf-sender-lookalike-domain');
  const authRule = pack.rules.find((r) => r.id === 'mf-auth-failure');
  const cloudRule = pack.rules.find((r) => r.id === 'mf-link-cloud-archive');
  const freemail = listValues(pack, typeof freemailRule?.params.freemailList === 'string' ? freemailRule.params.freemailList : 'freemail-domains');
  const protectedDomains = listValues(pack, typeof lookalikeRule?.params.protectedList === 'string' ? lookalikeRule.params.protectedList : 'protected-domains');
  const cloudHosts = listValues(pack, typeof cloudRule?.params.hostList === 'string' ? cloudRule.params.hostList : 'cloud-storage-hosts');
  // What counts as a payload: every extension the payload rules name, plus the archives the
  // cloud-archive rule names (the campaign's password-protected ZIPs).
  const payloadExts = uniq(
    ['mf-attachment-lnk', 'mf-attachment-disk-image', 'mf-attachment-executable'].flatMap((id) => stringParams(pack.rules.find((r) => r.id === id), 'extensions'))
      .concat(stringParams(pack.rules.find((r) => r.id === 'mf-attachment-double-extension'), 'decoy'))
      .concat(stringParams(cloudRule, 'archiveExtensions')),
  );

  const untrusted: Array<[string[], string]> = [];
  if (freemail.length) untrusted.push([[`SenderDomain in (${q.let('freemailDomains', dynamicList(freemail))})`], 'free-mail sender']);
  if (protectedDomains.length) {
    q.let('protectedDomainPattern', kqlVerbatim(hostPattern(protectedDomains)));
    q.let('lookalikePattern', kqlVerbatim(embeddedPattern(protectedDomains)));
    untrusted.push([['(SenderDomain matches regex lookalikePattern and not(SenderDomain matches regex protectedDomainPattern))'], 'look-alike of a protected domain']);
  }
  untrusted.push([['SenderDomain startswith "xn--"', 'SenderDomain contains ".xn--"'], 'internationalised (IDN) domain']);
  if (authRule) untrusted.push([['Dmarc startswith "fail"'], 'DMARC fail']);
  const untrustedCase = ruleCase(untrusted) as string;

  const payload: string[] = [];
  if (payloadExts.length) {
    q.let('payloadExtensions', dynamicList(payloadExts));
    payload.push(
      `EmailAttachmentInfo${q.window()}\n` +
        `    | extend Ext = extract(@"\\.([a-z0-9]+)$", 1, tolower(trim_end(@"[\\s.]+", FileName)))\n` +
        `    | where Ext in (payloadExtensions)\n` +
        `    | project NetworkMessageId, Payload = strcat("attachment: ", FileName)`,
    );
  }
  if (cloudHosts.length) {
    q.let('cloudStoragePattern', kqlVerbatim(hostPattern(cloudHosts)));
    payload.push(
      `EmailUrlInfo${q.window()}\n` +
        `    | where tolower(UrlDomain) matches regex cloudStoragePattern\n` +
        `    | project NetworkMessageId, Payload = strcat("cloud-storage link: ", Url)`,
    );
  }
  if (payload.length === 0) return null;

  const ruleIds = ['mf-subject-lure-keyword', 'mf-sender-freemail-institutional', 'mf-sender-lookalike-domain', 'mf-auth-failure', 'mf-link-cloud-archive', 'mf-attachment-lnk', 'mf-attachment-disk-image', 'mf-attachment-executable', 'mf-attachment-double-extension'];
  const rules = ruleById(pack, ruleIds);
  const purpose = 'the campaign\'s shape: a lure-topic subject (Japanese or English) from an untrusted sender, with a payload attachment or a cloud-storage link';
  const notes = [
    'As in the combination model (src/engine/combine.ts, step 4): lure + untrusted sender + payload or link. Lure words alone are everyday vocabulary and are not reported.',
    'Untrusted: a free-mail From domain, a domain embedding a protected domain (mofa-go-jp.com), an IDN (xn--) domain, or DMARC fail in AuthenticationDetails. The engine\'s edit-distance and homoglyph look-alike checks have no KQL equivalent here.',
    'Japanese keywords use contains_cs / contains (a Japanese subject is one KQL term, so has would miss them); single English words use has_any. See the README.',
  ];
  const sources = sourcesOfRules(pack, rules);
  q.let('lurePattern', kqlVerbatim(lurePattern(keywords)));
  const text =
    header(pack, purpose, rules, sources, q.options.flavor, notes) +
    q.letsText() +
    `let payloads = union\n    (${payload.join('),\n    (')})\n` +
    `| summarize Payload = make_set(Payload, 5) by NetworkMessageId;\n` +
    `EmailEvents${q.window()}\n` +
    `| where EmailDirection == "Inbound"\n` +
    `| where ${cond}\n` +
    `| extend SenderDomain = tolower(SenderFromDomain), Dmarc = tolower(tostring(parse_json(AuthenticationDetails).DMARC))\n` +
    `| extend UntrustedSender = ${untrustedCase}\n` +
    `| where isnotempty(UntrustedSender)\n` +
    `| join kind=inner payloads on NetworkMessageId\n` +
    `| extend MatchedValue = extract(lurePattern, 1, Subject), MatchedRule = "mf-subject-lure-keyword"\n` +
    pivot(q.tc, ['UntrustedSender', 'Payload', 'DeliveryLocation', 'AuthenticationDetails']);
  return { family: 'campaign-shape', purpose, ruleIds: rules.map((r) => r.id), sources, text };
}

function postDelivery(pack: Pack, s: IocSets, q: QueryBuilder): KqlQuery | null {
  const parts: string[] = [];
  const att = attachmentMatch(q, s);
  if (att) parts.push(`${att}\n    | project NetworkMessageId, MatchedValue, MatchedRule`);
  const link = mailLinkMatch(q, s);
  if (link) parts.push(`${link}\n    | project NetworkMessageId, MatchedValue, MatchedRule`);
  if (parts.length === 0) return null;
  const rules = ruleById(pack, ['mf-ioc-campaign-hash', 'mf-ioc-campaign-filename', 'mf-ioc-campaign-network', 'mf-ioc-admin']);
  const purpose = 'for every message that matched a campaign or admin indicator: where it was delivered and whether it was removed afterwards (ZAP or manual remediation)';
  const notes = [
    'StillInMailbox is true when no post-delivery action moved the message out of the inbox. Confirm in Threat Explorer before you tell anyone the message is gone.',
    ...(q.options.flavor === 'sentinel' ? ['LatestDeliveryLocation is not in the streaming API, so Sentinel relies on EmailPostDeliveryEvents alone.'] : []),
  ];
  const sources = sourcesOfRules(pack, rules, ['campaign-hashes', 'campaign-filenames', 'campaign-domains', 'campaign-ips', 'campaign-urls']);
  const latest = q.options.flavor === 'defender' ? ['LatestDeliveryLocation', 'LatestDeliveryAction'] : [];
  const text =
    header(pack, purpose, rules, sources, q.options.flavor, notes) +
    q.letsText() +
    `let matched = union\n    (${parts.join('),\n    (')})\n` +
    `| summarize MatchedValue = take_any(MatchedValue), MatchedRule = take_any(MatchedRule) by NetworkMessageId;\n` +
    `EmailEvents${q.window()}\n` +
    `| join kind=inner matched on NetworkMessageId\n` +
    `| join kind=leftouter (EmailPostDeliveryEvents${q.window()}\n` +
    `    | summarize arg_max(${q.tc}, Action, ActionType, ActionTrigger, ActionResult, DeliveryLocation) by NetworkMessageId, RecipientEmailAddress\n` +
    `    | project NetworkMessageId, RecipientEmailAddress, PostDeliveryTime = ${q.tc}, PostDeliveryAction = Action, PostDeliveryType = ActionType,\n` +
    `        PostDeliveryTrigger = ActionTrigger, PostDeliveryResult = ActionResult, LocationAfterAction = DeliveryLocation\n` +
    `) on NetworkMessageId, RecipientEmailAddress\n` +
    `| extend StillInMailbox = iff(isnotempty(LocationAfterAction), LocationAfterAction == "Inbox/Folder", DeliveryLocation == "Inbox/Folder")\n` +
    pivot(q.tc, ['DeliveryAction', 'DeliveryLocation', ...latest, 'PostDeliveryTime', 'PostDeliveryAction', 'PostDeliveryType', 'PostDeliveryTrigger', 'PostDeliveryResult', 'LocationAfterAction', 'StillInMailbox']);
  return { family: 'post-delivery', purpose, ruleIds: rules.map((r) => r.id), sources, text };
}

/**
 * One hunting query per rule family, in a fixed order. Families without any value to look for
 * (e.g. no admin indicators and no campaign list of that kind) are left out.
 */
export function kqlQueries(pack: Pack, options: KqlOptions): KqlQuery[] {
  if (!TIMESPAN_RE.test(options.lookback)) throw new Error(`look-back must look like 30d, 12h or 90m, not "${options.lookback}"`);
  const tc = options.flavor === 'defender' ? 'Timestamp' : 'TimeGenerated';
  const s = iocSets(exportIndicators(pack));
  const make = (f: (q: QueryBuilder) => KqlQuery | null): KqlQuery | null => f(new QueryBuilder(tc, options));
  return [
    make((q) => iocAttachments(pack, s, q)),
    make((q) => iocNetwork(pack, s, q)),
    make((q) => riskyAttachments(pack, q)),
    make((q) => campaignShape(pack, q)),
    make((q) => postDelivery(pack, s, q)),
  ].filter((x): x is KqlQuery => x !== null);
}
