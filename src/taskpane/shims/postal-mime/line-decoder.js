/**
 * The pane's stand-ins for postal-mime's content decoders (base64, quoted-printable and
 * pass-through) and its base64 encoder. Our exact-bytes wrapper (src/adapters/files/mime.ts)
 * gives every part its own decoder, so postal-mime's are never used to read a part; these keep
 * the same interface, decode with our decoders, and leave dead code out of the pane's 200 kB
 * gzip budget. webpack.config.js swaps them in (plain JS: they replace postal-mime's .js files
 * after resolution); Node (CLI, tests) runs postal-mime's own.
 */
const LF = new Uint8Array([0x0a]);

export class LineDecoder {
  /** @param {(b: Uint8Array) => Uint8Array} [decode] */
  constructor(decode) {
    this.decode = decode || ((b) => b);
    this.lines = [];
  }
  /** @param {Uint8Array} line */
  update(line) {
    this.lines.push(line, LF);
  }
  finalize() {
    const all = new Uint8Array(this.lines.reduce((n, l) => n + l.length, 0));
    let o = 0;
    for (const l of this.lines) {
      all.set(l, o);
      o += l.length;
    }
    return Promise.resolve(this.decode(all).slice().buffer);
  }
}
