/**
 * Aho–Corasick matcher: one pass over the text finds every keyword, however many the pack has,
 * so a 100 kB body costs the same with 10 or 10,000 keywords. Keywords and text must already be
 * normalised (normaliseText). Keywords that start or end with an ASCII letter or digit only match
 * at word boundaries there, so `pass` does not fire inside `passenger` while `パスワード` (no
 * spaces in Japanese) still matches inside a sentence.
 */

export interface KeywordHit {
  /** Index of the keyword's owner (the list entry) given at build time. */
  owner: number;
  /** The keyword (variant) that matched. */
  keyword: string;
  /** Start offset in the searched text. */
  start: number;
}

export interface KeywordMatcherOptions {
  /** Upper bound on the dense transition table (states × alphabet); see MAX_TABLE_CELLS. */
  maxTableCells?: number;
}

interface Node {
  /** Transitions keyed by UTF-16 code unit: matching code-unit sequences equals matching code points. */
  next: Map<number, number>;
  fail: number;
  /** Indices into `patterns` ending at this node (own and via fail links). */
  out: number[];
}

interface Pattern {
  keyword: string;
  owner: number;
  length: number;
  boundedStart: boolean;
  boundedEnd: boolean;
}

/**
 * Cells in the dense table (4 bytes each, so 16 MB at most). The embedded pack needs well under a
 * million; an admin pack with tens of thousands of long keywords in many scripts could need more,
 * and then the matcher walks fail links instead: slower per character, but bounded memory.
 */
export const MAX_TABLE_CELLS = 4_000_000;

/** Same set as /[a-z0-9]/ on one code unit (normalised text is lower case). */
function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/**
 * Characters that NFKC, lower-casing and invisible-character removal leave alone and that never
 * combine with a neighbour: kana, common CJK punctuation and the unified ideographs (checked
 * exhaustively against String.prototype.normalize when this was written).
 */
function isStable(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x30a1 && c <= 0x30fc) ||
    (c >= 0x3001 && c <= 0x3002) ||
    (c >= 0x3008 && c <= 0x3011) ||
    c === 0x3005 ||
    c === 0x301c
  );
}

export class KeywordMatcher {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];
  private readonly patterns: Pattern[] = [];
  /** Breadth-first order of every state but the root (fail targets come before their users). */
  private order: number[] = [];
  /**
   * Code unit → column in `table`. Column 0 stands for every code unit that occurs in no keyword:
   * reading one can only lead back to the root, so most of a text costs one load and no branch.
   */
  private readonly columnOf = new Uint16Array(0x10000);
  private columns = 1;
  /**
   * Full automaton with fail links folded in: state × columns → next state. The hot loop is then
   * one table load per code unit whatever the script, instead of walking fail links through Maps
   * (which made Japanese text, and through shared code ASCII text too, several times slower).
   * Empty when it would exceed the cell limit; `search` then takes the fail-link path.
   */
  private table: Uint16Array | Int32Array = new Uint16Array(0);
  /** 1 where a state ends at least one keyword: the hot loop tests this instead of an array length. */
  private hasOut: Uint8Array = new Uint8Array(1);

  constructor(keywords: readonly { keyword: string; owner: number }[], options: KeywordMatcherOptions = {}) {
    for (const { keyword, owner } of keywords) {
      if (keyword.length === 0) continue;
      let state = 0;
      for (let ci = 0; ci < keyword.length; ci++) {
        const ch = keyword.charCodeAt(ci);
        const node = this.nodes[state] as Node;
        let nxt = node.next.get(ch);
        if (nxt === undefined) {
          nxt = this.nodes.length;
          this.nodes.push({ next: new Map(), fail: 0, out: [] });
          node.next.set(ch, nxt);
        }
        if (this.columnOf[ch] === 0) this.columnOf[ch] = this.columns++;
        state = nxt;
      }
      (this.nodes[state] as Node).out.push(this.patterns.length);
      this.patterns.push({
        keyword,
        owner,
        length: keyword.length,
        boundedStart: isWordCode(keyword.charCodeAt(0)),
        boundedEnd: isWordCode(keyword.charCodeAt(keyword.length - 1)),
      });
    }
    this.buildFailLinks();
    this.hasOut = Uint8Array.from(this.nodes, (n) => (n.out.length > 0 ? 1 : 0));
    const limit = options.maxTableCells ?? MAX_TABLE_CELLS;
    if (this.nodes.length * this.columns <= limit) this.buildTable();
  }

  get size(): number {
    return this.patterns.length;
  }

  private buildFailLinks(): void {
    const queue: number[] = [];
    const root = this.nodes[0] as Node;
    for (const child of root.next.values()) queue.push(child);
    this.order = queue;
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      const node = this.nodes[s] as Node;
      for (const [ch, t] of node.next) {
        queue.push(t);
        let f = node.fail;
        while (f !== 0 && !(this.nodes[f] as Node).next.has(ch)) f = (this.nodes[f] as Node).fail;
        const cand = (this.nodes[f] as Node).next.get(ch);
        const tNode = this.nodes[t] as Node;
        tNode.fail = cand !== undefined && cand !== t ? cand : 0;
        tNode.out.push(...(this.nodes[tNode.fail] as Node).out);
      }
    }
  }

  private buildTable(): void {
    const cols = this.columns;
    // 16-bit states whenever they fit: half the memory, so more of the table stays in the CPU
    // caches that parsing the message has just filled with other data.
    const cells = this.nodes.length * cols;
    const table = this.nodes.length <= 0xffff ? new Uint16Array(cells) : new Int32Array(cells);
    for (const [ch, t] of (this.nodes[0] as Node).next) table[this.columnOf[ch] as number] = t;
    // A state's row is its fail state's row plus its own edges; breadth-first order means the fail
    // state (always shallower) has its row already.
    for (const s of this.order) {
      const node = this.nodes[s] as Node;
      const base = s * cols;
      table.copyWithin(base, node.fail * cols, node.fail * cols + cols);
      for (const [ch, t] of node.next) table[base + (this.columnOf[ch] as number)] = t;
    }
    this.table = table;
  }

  /**
   * Every keyword occurrence in `text` (normalised), capped at `maxHits` to bound output. With
   * `groups`, the cap applies per group of owners instead (owner → group id), so one list's
   * frequent keyword cannot crowd out another list's hits in a combined matcher.
   */
  search(text: string, maxHits = 1000, groups?: Int32Array): KeywordHit[] {
    const hits: KeywordHit[] = [];
    if (this.patterns.length === 0) return hits;
    const perGroup = groups ? new Map<number, number>() : undefined;
    const table = this.table;
    const columnOf = this.columnOf;
    const cols = this.columns;
    const hasOut = this.hasOut;
    const dense = table.length > 0;
    const n = text.length;
    let state = 0;
    for (let i = 0; i < n; i++) {
      const ch = text.charCodeAt(i);
      state = dense ? (table[state * cols + (columnOf[ch] as number)] as number) : this.step(state, ch);
      if (hasOut[state] === 0) continue;
      const end = i + 1;
      for (const pi of (this.nodes[state] as Node).out) {
        const p = this.patterns[pi] as Pattern;
        const start = end - p.length;
        if (p.boundedStart && start > 0 && isWordCode(text.charCodeAt(start - 1))) continue;
        if (p.boundedEnd && end < n && isWordCode(text.charCodeAt(end))) continue;
        if (groups && perGroup) {
          const g = groups[p.owner] ?? -1;
          const count = perGroup.get(g) ?? 0;
          if (count >= maxHits) continue;
          perGroup.set(g, count + 1);
          hits.push({ owner: p.owner, keyword: p.keyword, start });
          continue;
        }
        hits.push({ owner: p.owner, keyword: p.keyword, start });
        if (hits.length >= maxHits) return hits;
      }
    }
    return hits;
  }

  /**
   * False only when no keyword occurs in normaliseText(text), word boundaries ignored, so the
   * caller can skip building the normalised copy (most mail holds no keyword). It folds case and
   * collapses whitespace as it reads; beyond ASCII it knows only characters whose NFKC form it can
   * compute here (full-width ASCII, kana, common CJK; see isStable) and answers true at any other.
   */
  mayMatch(text: string): boolean {
    const table = this.table;
    if (table.length === 0) return this.patterns.length > 0;
    const cols = this.columns;
    let state = 0;
    let space = false;
    for (let i = 0; i < text.length; i++) {
      let ch = text.charCodeAt(i);
      if (ch > 0x7f) {
        if (ch >= 0xff01 && ch <= 0xff5e) ch -= 0xfee0;
        else if (ch === 0xa0 || ch === 0x3000) ch = 0x20;
        else if (!isStable(ch)) return true;
      }
      if (ch === 0x20 || (ch >= 0x09 && ch <= 0x0d)) {
        if (space) continue;
        space = true;
        ch = 0x20;
      } else {
        space = false;
        if (ch >= 0x41 && ch <= 0x5a) ch += 0x20;
      }
      state = table[state * cols + (this.columnOf[ch] as number)] as number;
      if (this.hasOut[state] !== 0) return true;
    }
    return false;
  }

  /** One transition by fail links, for automata too large for the dense table. */
  private step(state: number, ch: number): number {
    if (this.columnOf[ch] === 0) return 0;
    let s = state;
    let node = this.nodes[s] as Node;
    while (s !== 0 && !node.next.has(ch)) {
      s = node.fail;
      node = this.nodes[s] as Node;
    }
    return node.next.get(ch) ?? 0;
  }
}
