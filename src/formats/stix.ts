/**
 * The pack's indicators as one STIX 2.1 bundle: the producer identity, the MirrorFace intrusion
 * set, one indicator per value with a simple pattern, `indicates` relationships, the sources as
 * external references, confidence from the pack and the TLP:CLEAR marking. Every id is a UUIDv5
 * of what the object says and every timestamp comes from the pack's sources, so exporting the
 * same pack twice gives byte-identical bundles. Pure.
 */
import type { Confidence, Pack, Source } from '../engine/types';
import { exportIndicators, hashAlgorithm, resolveSources, type ExportIndicator } from './indicators';
import { MFG_NAMESPACE, uuidv5 } from './uuid';

/** TLP 2.0 CLEAR, as published by FIRST/OASIS (the id is fixed by the TLP extension). */
export const TLP_CLEAR = {
  type: 'marking-definition',
  spec_version: '2.1',
  id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  created: '2022-10-01T00:00:00.000Z',
  name: 'TLP:CLEAR',
  extensions: {
    'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'clear' },
  },
} as const;

/** STIX's own High/Medium/Low scale (STIX 2.1, appendix A). */
export const STIX_CONFIDENCE: Record<Confidence, number> = { high: 85, medium: 50, low: 15 };

export const INTRUSION_SET_NAME = 'MirrorFace';
/** MITRE ATT&CK G1054 lists these as one group; Cuckoo Spear is Cybereason's campaign name. */
export const INTRUSION_SET_ALIASES = ['Earth Kasha'];
const INTRUSION_SET_SOURCES = ['mitre-g1054', 'trend-earth-kasha-2025', 'eset-liberalface-2022'];

export type StixObject = Record<string, unknown> & { type: string; id: string };
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** A STIX pattern string literal: backslash and quote escaped (STIX 2.1 patterning, 9.2). */
export function stixString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The pattern for one indicator value (a wildcard file name uses LIKE with `%`). */
export function stixPattern(i: Pick<ExportIndicator, 'kind' | 'value'>): string {
  switch (i.kind) {
    case 'hash':
      return `[file:hashes.'${hashAlgorithm(i.value) ?? 'SHA-256'}' = ${stixString(i.value)}]`;
    case 'domain':
      return `[domain-name:value = ${stixString(i.value)}]`;
    case 'ip':
      return `[${i.value.includes(':') ? 'ipv6-addr' : 'ipv4-addr'}:value = ${stixString(i.value)}]`;
    case 'url':
      return `[url:value = ${stixString(i.value)}]`;
    case 'email':
      return `[email-addr:value = ${stixString(i.value)}]`;
    case 'filename':
      return i.value.includes('*') ? `[file:name LIKE ${stixString(i.value.replace(/\*/g, '%'))}]` : `[file:name = ${stixString(i.value)}]`;
  }
}

/** `YYYY-MM-DD` or `YYYY-MM` as a STIX timestamp at midnight UTC. */
function stixDate(d: string): string | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(d);
  return m ? `${m[1]}-${m[2]}-${m[3] ?? '01'}T00:00:00.000Z` : null;
}

/** The latest date among sources: the pack's own "as of" time, so output never depends on the clock. */
export function packTimestamp(sources: readonly Source[]): string {
  const dates = sources.map((s) => stixDate(s.date)).filter((d): d is string => d !== null).sort();
  return dates[dates.length - 1] ?? '2019-01-01T00:00:00.000Z';
}

function externalReferences(sources: readonly Source[]): Array<Record<string, string>> {
  return sources.map((s) => ({
    source_name: s.id,
    description: `${s.publisher}: ${s.title}${s.date ? ` (${s.date})` : ''}`,
    ...(s.url ? { url: s.url } : {}),
  }));
}

const KIND_NAMES: Record<ExportIndicator['kind'], string> = {
  hash: 'file hash',
  domain: 'domain',
  ip: 'IP address',
  url: 'URL',
  email: 'e-mail address',
  filename: 'file name',
};

export function stixBundle(pack: Pack): StixBundle {
  const indicators = exportIndicators(pack);
  const when = packTimestamp(pack.sources);
  const identityId = `identity--${uuidv5(MFG_NAMESPACE, 'identity:mirrorface-guard')}`;
  const setId = `intrusion-set--${uuidv5(MFG_NAMESPACE, 'intrusion-set:mirrorface')}`;
  const marking = [TLP_CLEAR.id];
  const common = { spec_version: '2.1', created: when, modified: when, created_by_ref: identityId, object_marking_refs: marking };
  const objects: StixObject[] = [
    { ...TLP_CLEAR, extensions: { ...TLP_CLEAR.extensions } },
    {
      type: 'identity',
      spec_version: '2.1',
      id: identityId,
      created: when,
      modified: when,
      name: 'MirrorFace Guard',
      description: 'Open-source Outlook add-in and CLI that warns about MirrorFace spear-phishing; this bundle is its sourced indicator pack.',
      identity_class: 'system',
      object_marking_refs: marking,
    },
    {
      type: 'intrusion-set',
      ...common,
      id: setId,
      name: INTRUSION_SET_NAME,
      aliases: INTRUSION_SET_ALIASES,
      description: 'Espionage group that since 2019 has sent spear-phishing mail to Japanese government, defence, research, political and media targets.',
      external_references: externalReferences(resolveSources(pack, INTRUSION_SET_SOURCES)),
    },
  ];
  for (const i of indicators) {
    const pattern = stixPattern(i);
    const id = `indicator--${uuidv5(MFG_NAMESPACE, `indicator:${pattern}`)}`;
    const validFrom = i.sources.map((s) => stixDate(s.date)).filter((d): d is string => d !== null).sort()[0] ?? when;
    const admin = i.listId.startsWith('admin-');
    objects.push({
      type: 'indicator',
      ...common,
      id,
      name: `${admin ? 'Organisation' : 'MirrorFace'} ${KIND_NAMES[i.kind]}: ${i.value}`,
      description: [i.note, `List ${i.listId}; rules ${i.ruleIds.join(', ')}.`].filter(Boolean).join('. '),
      indicator_types: ['malicious-activity'],
      pattern,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: validFrom,
      confidence: STIX_CONFIDENCE[i.confidence],
      labels: ['mirrorface', i.listId],
      ...(i.sources.length > 0 ? { external_references: externalReferences(i.sources) } : {}),
    });
    objects.push({
      type: 'relationship',
      ...common,
      id: `relationship--${uuidv5(MFG_NAMESPACE, `indicates:${id}:${setId}`)}`,
      relationship_type: 'indicates',
      source_ref: id,
      target_ref: setId,
    });
  }
  const bundleId = `bundle--${uuidv5(MFG_NAMESPACE, `bundle:${pack.version}:${objects.map((o) => o.id).join(',')}`)}`;
  return { type: 'bundle', id: bundleId, objects };
}
