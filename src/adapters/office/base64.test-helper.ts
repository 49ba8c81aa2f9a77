/**
 * The Office adapter's first decoder of office.js's base64 (read-item.ts, base64ToBytes, which ran
 * on the pane's thread), verbatim: the reference the decoder in ./base64.ts is held to, and the
 * page-side path the checking worker's results are compared with.
 */
export function atobDecode(b64: string): Uint8Array | undefined {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}
