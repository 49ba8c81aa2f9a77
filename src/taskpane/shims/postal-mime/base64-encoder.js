/** Stand-in for postal-mime's base64 encoder (attachmentEncoding 'base64', which we never ask for). */
export function base64ArrayBuffer(buf) {
  const b = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}
