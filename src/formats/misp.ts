/**
 * The pack's indicators as one MISP event in the MISP core format (draft-dulaunoy-misp-core-format):
 * attributes of the right type and category, `to_ids` set, a comment citing each value's sources,
 * and TLP/OSINT tags. Ids are UUIDv5 and times come from the sources, so the output is stable. Pure.
 */
import { getDomain } from 'tldts';
import type { Pack } from '../engine/types';
import { exportIndicators, type ExportIndicator } from './indicators';
import { packTimestamp } from './stix';
import { MFG_NAMESPACE, uuidv5 } from './uuid';

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment: string;
  timestamp: string;
  distribution: string;
  disable_correlation: boolean;
}

export interface MispEvent {
  Event: {
    uuid: string;
    info: string;
    date: string;
    timestamp: string;
    publish_timestamp: string;
    published: boolean;
    analysis: string;
    threat_level_id: string;
    distribution: string;
    org_id: string;
    orgc_id: string;
    Orgc: { name: string; uuid: string };
    Tag: Array<{ name: string }>;
    Attribute: MispAttribute[];
  };
}

export interface MispExport {
  event: MispEvent;
  /** Values MISP's core types cannot carry (wildcard file names), with the reason. */
  leftOut: Array<{ value: string; reason: string }>;
}

/** MISP type and category for one indicator, or null when no core type fits. */
export function mispTypeOf(i: Pick<ExportIndicator, 'kind' | 'value'>): { type: string; category: string } | null {
  switch (i.kind) {
    case 'hash':
      return { type: i.value.length === 32 ? 'md5' : i.value.length === 40 ? 'sha1' : 'sha256', category: 'Payload delivery' };
    case 'filename':
      return i.value.includes('*') ? null : { type: 'filename', category: 'Payload delivery' };
    case 'domain':
      // MISP distinguishes a registered domain from a host name under it.
      return { type: getDomain(i.value) === i.value ? 'domain' : 'hostname', category: 'Network activity' };
    case 'ip':
      return { type: 'ip-dst', category: 'Network activity' };
    case 'url':
      return { type: 'url', category: 'Network activity' };
    case 'email':
      return { type: 'email-src', category: 'Payload delivery' };
  }
}

function epochSeconds(iso: string): string {
  return String(Math.floor(Date.parse(iso) / 1000));
}

export function mispEvent(pack: Pack): MispExport {
  const when = packTimestamp(pack.sources);
  const ts = epochSeconds(when);
  const leftOut: MispExport['leftOut'] = [];
  const attributes: MispAttribute[] = [];
  for (const i of exportIndicators(pack)) {
    const t = mispTypeOf(i);
    if (!t) {
      leftOut.push({ value: i.value, reason: 'a file-name pattern with wildcards has no MISP core type' });
      continue;
    }
    const cites = i.sources.map((s) => `${s.id} (${s.publisher}${s.date ? `, ${s.date}` : ''}${s.url ? `, ${s.url}` : ''})`).join('; ');
    attributes.push({
      uuid: uuidv5(MFG_NAMESPACE, `misp-attribute:${t.type}:${i.value}`),
      type: t.type,
      category: t.category,
      value: i.value,
      to_ids: true,
      comment: [i.note, `confidence ${i.confidence}`, `list ${i.listId}`, `sources: ${cites}`].filter(Boolean).join('; '),
      timestamp: ts,
      distribution: '5',
      disable_correlation: false,
    });
  }
  const event: MispEvent = {
    Event: {
      uuid: uuidv5(MFG_NAMESPACE, `misp-event:${pack.version}`),
      info: `MirrorFace / Earth Kasha spear-phishing indicators (MirrorFace Guard pack ${pack.version})`,
      date: when.slice(0, 10),
      timestamp: ts,
      publish_timestamp: ts,
      published: false,
      analysis: '2',
      threat_level_id: '1',
      distribution: '3',
      org_id: '0',
      orgc_id: '0',
      Orgc: { name: 'MirrorFace Guard', uuid: uuidv5(MFG_NAMESPACE, 'misp-org:mirrorface-guard') },
      Tag: [{ name: 'tlp:clear' }, { name: 'type:OSINT' }],
      Attribute: attributes,
    },
  };
  return { event, leftOut };
}
