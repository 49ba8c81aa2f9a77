/**
 * Name-based UUIDs (RFC 9562 version 5, SHA-1), so the same pack always exports the same STIX and
 * MISP ids. SHA-1 from @noble/hashes, which the pane already carries for MD5.
 */
import { sha1 } from '@noble/hashes/sha1';

/** The OASIS namespace for STIX deterministic identifiers (STIX 2.1, section 2.9). */
export const STIX_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

function bytesOf(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function uuidv5(namespace: string, name: string): string {
  const ns = bytesOf(namespace);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(ns.length + nameBytes.length);
  input.set(ns);
  input.set(nameBytes, ns.length);
  const h = sha1(input).slice(0, 16);
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Our own namespace under the OASIS one: ids for objects we create (indicators, events…). */
export const MFG_NAMESPACE = uuidv5(STIX_NAMESPACE, 'mirrorface-guard');
