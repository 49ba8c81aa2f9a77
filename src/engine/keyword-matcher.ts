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

const WORD_CHAR = /[a-z0-9]/;

export class KeywordMatcher {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];
  private readonly patterns: Pattern[] = [];
  /** Root transitions as a flat table: most characters start no keyword, and this skips them in one load. */
  private readonly root = new Int32Array(0x10000);
  /**
   * Full automaton (fail links folded in) for ASCII code units: state × 128 → next state. English
   * text is mostly ASCII and English keywords start with common letters, so this avoids walking
   * fail links on the hot path.
   */
  private ascii: Int32Array = new Int32Array(128);
  private order: number[] = [];
  /** 1 where a state ends at least one keyword: the hot loop tests this instead of an array length. */
  private hasOut: Uint8Array = new Uint8Array(1);

  constructor(keywords: readonly { keyword: string; owner: number }[]) {
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
        state = nxt;
      }
      const first = keyword[0] ?? '';
      const last = keyword[keyword.length - 1] ?? '';
      (this.nodes[state] as Node).out.push(this.patterns.length);
      this.patterns.push({
        keyword,
        owner,
        length: keyword.length,
        boundedStart: WORD_CHAR.test(first),
        boundedEnd: WORD_CHAR.test(last),
      });
    }
    this.buildFailLinks();
    for (const [ch, t] of (this.nodes[0] as Node).next) this.root[ch] = t;
    this.buildAsciiTable();
  }

  private buildAsciiTable(): void {
    const table = new Int32Array(this.nodes.length * 128);
    for (let c = 0; c < 128; c++) table[c] = (this.nodes[0] as Node).next.get(c) ?? 0;
    // BFS order guarantees a node's fail target (shallower) is filled before the node itself.
    for (const s of this.order) {
      const node = this.nodes[s] as Node;
      const base = s * 128;
      const failBase = node.fail * 128;
      for (let c = 0; c < 128; c++) table[base + c] = node.next.get(c) ?? table[failBase + c] ?? 0;
    }
    this.ascii = table;
    this.hasOut = Uint8Array.from(this.nodes, (n) => (n.out.length > 0 ? 1 : 0));
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

  /**
   * Every keyword occurrence in `text` (normalised), capped at `maxHits` to bound output. With
   * `groups`, the cap applies per group of owners instead (owner → group id), so one list's
   * frequent keyword cannot crowd out another list's hits in a combined matcher.
   */
  search(text: string, maxHits = 1000, groups?: Int32Array): KeywordHit[] {
    const hits: KeywordHit[] = [];
    const perGroup = groups ? new Map<number, number>() : undefined;
    let state = 0;
    const root = this.root;
    const ascii = this.ascii;
    const hasOut = this.hasOut;
    const nodes = this.nodes;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch < 128) {
        state = ascii[(state << 7) | ch] as number;
        if (hasOut[state] === 0) continue;
      } else if (state === 0) {
        state = root[ch] as number;
        if (hasOut[state] === 0) continue;
      } else {
        let node = nodes[state] as Node;
        while (state !== 0 && !node.next.has(ch)) {
          state = node.fail;
          node = nodes[state] as Node;
        }
        state = state === 0 ? (root[ch] as number) : (node.next.get(ch) ?? 0);
        if (hasOut[state] === 0) continue;
      }
      const end = i + 1;
      for (const pi of (nodes[state] as Node).out) {
        const p = this.patterns[pi] as Pattern;
        const start = end - p.length;
        if (p.boundedStart && start > 0 && WORD_CHAR.test(text[start - 1] ?? '')) continue;
        if (p.boundedEnd && end < text.length && WORD_CHAR.test(text[end] ?? '')) continue;
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
}
