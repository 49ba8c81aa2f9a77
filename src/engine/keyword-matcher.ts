/**
 * Aho–Corasick matcher: one pass over the text finds every keyword, however many the pack has,
 * so a 100 kB body costs the same with 10 or 10,000 keywords. Keywords and text must already be
 * normalised (normaliseText). Keywords that start or end with an ASCII letter or digit only match
 * at word boundaries there, so `pass` does not fire inside `passenger` while `パスワード` (no
 * spaces in Japanese) still matches inside a sentence.
 */
import { foldCompat, isWhitespaceUnit } from './text';

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
  /** The code unit on the edge into this state (-1 for the root). */
  unit: number;
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
 * Hangul medial vowels and final consonants: the only characters other than combining marks
 * that canonical composition joins to the character before them (they complete a syllable).
 * fast-paths.test.ts derives that set from String.prototype.normalize over every code point.
 */
function isTrailingJamo(cp: number): boolean {
  return (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11a8 && cp <= 0x11c2);
}

const MARK_RE = /^\p{M}/u;

/**
 * For a "boundary" code unit, the one code unit normaliseText turns it into (lower case, any
 * whitespace as a space); -1 for every other code unit. A boundary unit is one NFKC never joins to
 * what comes before it (its compatibility decomposition starts with a character that is neither a
 * combining mark nor a trailing jamo) and that normalises, case folded, to one code unit whatever
 * surrounds it (not invisible, not a surrogate, not a capital sigma, whose lower case depends on
 * the next letter). The normal form of a text is then the normal forms of the pieces that start
 * at its boundary units, concatenated: KeywordMatcher.mayMatch relies on that, and
 * fast-paths.test.ts checks this function on every code unit.
 */
export function normalisedUnit(c: number): number {
  if (c < 0x80) return isWhitespaceUnit(c) ? 0x20 : c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  if (c >= 0xd800 && c <= 0xdfff) return -1;
  const ch = String.fromCharCode(c);
  const first = ch.normalize('NFKD').codePointAt(0);
  if (first === undefined || isTrailingJamo(first) || MARK_RE.test(String.fromCodePoint(first))) return -1;
  const folded = foldCompat(ch);
  if (folded.length !== 1 || folded === '\u03a3') return -1;
  const lower = folded.toLowerCase();
  if (lower.length !== 1) return -1;
  const u = lower.charCodeAt(0);
  return isWhitespaceUnit(u) ? 0x20 : u;
}

/** rawColumns entries: a code unit that is not a boundary unit, and one not yet classified. */
const OTHER = 0xffff;
const UNKNOWN = 0xfffe;

export class KeywordMatcher {
  private readonly nodes: Node[] = [{ next: new Map(), unit: -1, fail: 0, out: [] }];
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
  /**
   * Raw code unit → column of its normalised form (normalisedUnit), for mayMatch; OTHER for code
   * units that are not boundary units. ASCII is filled in on first use; every other code unit is
   * UNKNOWN until a text first holds it (classifying all 65,536 up front would cost the pane's
   * first verdict tens of milliseconds).
   */
  private rawColumns: Uint16Array | undefined;
  private masks: { groups: Int32Array | undefined; byState: Int32Array; all: number } | undefined;

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
          this.nodes.push({ next: new Map(), unit: ch, fail: 0, out: [] });
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
    // A state entered by a space stays put on another space, so mayMatch can feed a raw run of
    // whitespace unit by unit and land where the one space normaliseText leaves would take it.
    // search never reads these cells: normalised text holds no two spaces in a row.
    const space = this.columnOf[0x20] as number;
    if (space !== 0) for (const s of this.order) if ((this.nodes[s] as Node).unit === 0x20) table[s * cols + space] = s;
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
    let perGroup: Map<number, number> | undefined;
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
        if (groups) {
          perGroup ??= new Map();
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
   * caller can skip building the normalised copy (most mail holds no keyword) and search that copy
   * only when this says true.
   */
  mayMatch(text: string): boolean {
    return this.possibleGroups(text) !== 0;
  }

  /**
   * The groups (owner → group through `groups`, as in search; one group 0 without) that may have
   * a keyword in normaliseText(text), word boundaries ignored, as a bit mask: bit g for group g
   * (groups from 30 up share bit 30). A clear bit means that group has no hit, so the caller need
   * not normalise and search the text for it.
   *
   * It reads the raw text once. A boundary unit (see normalisedUnit) goes straight through the
   * table, case folded, whitespace to the space column (whose self-loops collapse runs). A run of
   * other units is normalised with foldCompat together with the boundary unit before it (a
   * combining mark may compose with that one), from the state before that unit; NFKC never joins
   * across a boundary unit, so this reaches the states search would reach in normaliseText(text).
   * It gives up (every bit) on a capital sigma, whose lower case depends on the letters around it,
   * and when the automaton has no dense table.
   */
  possibleGroups(text: string, groups?: Int32Array): number {
    if (this.patterns.length === 0) return 0;
    const masks = this.groupMasks(groups);
    const all = masks.all;
    const table = this.table;
    if (table.length === 0 || this.columns >= UNKNOWN) return all;
    const raw = (this.rawColumns ??= this.asciiColumns());
    const columnOf = this.columnOf;
    const cols = this.columns;
    const hasOut = this.hasOut;
    const stateMask = masks.byState;
    const spaceColumn = columnOf[0x20] as number;
    const n = text.length;
    let found = 0;
    let state = 0;
    /** The state before the last unit fed. */
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      let col = raw[c] as number;
      if (col === UNKNOWN) col = this.classify(c);
      if (col !== OTHER) {
        prev = state;
        state = table[state * cols + col] as number;
        if (hasOut[state] !== 0 && (found |= stateMask[state] as number) === all) return all;
        continue;
      }
      // A run of other units: normalised together with the boundary unit before it.
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        const dc = raw[d] === UNKNOWN ? this.classify(d) : (raw[d] as number);
        if (dc !== OTHER) break;
        j++;
      }
      const from = i > 0 ? i - 1 : 0;
      if (i > 0) state = prev;
      const folded = foldCompat(text.slice(from, j));
      if (folded.includes('\u03a3')) return all;
      const piece = folded.toLowerCase();
      for (let k = 0; k < piece.length; k++) {
        const u = piece.charCodeAt(k);
        prev = state;
        state = table[state * cols + (isWhitespaceUnit(u) ? spaceColumn : (columnOf[u] as number))] as number;
        if (hasOut[state] !== 0 && (found |= stateMask[state] as number) === all) return all;
      }
      i = j - 1;
    }
    return found;
  }

  /** Per state, the bits of the groups whose keywords end there (see possibleGroups); kept for the last `groups` array. */
  private groupMasks(groups: Int32Array | undefined): { groups: Int32Array | undefined; byState: Int32Array; all: number } {
    const cached = this.masks;
    if (cached && cached.groups === groups) return cached;
    const byState = new Int32Array(this.nodes.length);
    let all = 0;
    this.nodes.forEach((node, s) => {
      let m = 0;
      for (const pi of node.out) {
        const g = groups ? (groups[(this.patterns[pi] as Pattern).owner] ?? 0) : 0;
        m |= 1 << Math.min(Math.max(g, 0), 30);
      }
      byState[s] = m;
      all |= m;
    });
    this.masks = { groups, byState, all };
    return this.masks;
  }

  private asciiColumns(): Uint16Array {
    const raw = new Uint16Array(0x10000).fill(UNKNOWN);
    for (let c = 0; c < 0x80; c++) raw[c] = this.columnOf[normalisedUnit(c)] as number;
    return raw;
  }

  /** Classifies one code unit for rawColumns (see normalisedUnit) and remembers the answer. */
  private classify(c: number): number {
    const u = normalisedUnit(c);
    const col = u < 0 ? OTHER : (this.columnOf[u] as number);
    (this.rawColumns as Uint16Array)[c] = col;
    return col;
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
