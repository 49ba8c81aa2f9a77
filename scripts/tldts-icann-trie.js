/**
 * The pane's Public Suffix data: tldts's own trie, projected onto its ICANN section. A webpack
 * loader for `tldts/dist/es6/src/data/trie.js` (webpack.config.js), so the pane runs the CLI's
 * tldts, the same version and the same lookup code, on less data.
 *
 * The engine asks tldts for ICANN suffixes only (`allowPrivateDomains: false`, src/engine/domain.ts;
 * src/pack/values.ts uses the default, which is the same). tldts's lookup then records only trie
 * nodes flagged ICANN, and the private section (~17 kB gzip of the 44 kB) is data it walks but
 * never answers from. The projection keeps:
 * - every node that is ICANN or has an ICANN node below it, with its ICANN flag (the private flag
 *   is dropped: with private domains off tldts never reports it);
 * - an edge to a private-only node where its parent also has a `*` edge, as a childless node with
 *   no flag: there the full trie follows the named edge instead of the wildcard, so the edge must
 *   stay for the walk to take the same turn (and below it the full trie records nothing).
 * Every other edge leads only to private nodes, which tldts walks without recording, so cutting
 * them changes no answer. Node and edge order, and so the hash order of each node's edges that the
 * lookup's binary search needs, are tldts's own.
 *
 * test/tldts-icann-trie.test.ts runs tldts on this data against tldts on its own data for every
 * rule of the list (ICANN and private) with labels around it, and for the hosts of the rule
 * fixtures and the pack. Node (the CLI, Jest) uses tldts unchanged.
 */
'use strict';
const path = require('path');

const ICANN = 1;

/**
 * The ICANN projection of a tldts trie (`nodeFlags`, `edgeStart`, `edgeLength`, `edgeChild`,
 * `labelText`, `rulesRoot`, `exceptionsRoot`), in the same layout.
 */
function projectIcann(d) {
  const nodes = d.nodeFlags.length;
  const edges = d.edgeLength.length;
  const offset = new Uint32Array(edges);
  for (let e = 0, o = 0; e < edges; e++) {
    offset[e] = o;
    o += d.edgeLength[e];
  }
  const label = (e) => d.labelText.slice(offset[e], offset[e] + d.edgeLength[e]);
  const childEdges = (n) => {
    const out = [];
    for (let e = d.edgeStart[n]; e < d.edgeStart[n + 1]; e++) out.push(e);
    return out;
  };

  // icann[n]: n is ICANN or has an ICANN node below it (iterative post-order: no deep recursion).
  const icann = new Uint8Array(nodes);
  for (const root of [d.rulesRoot, d.exceptionsRoot]) {
    const stack = [[root, false]];
    while (stack.length > 0) {
      const [n, leaving] = stack.pop();
      if (leaving) {
        let k = d.nodeFlags[n] & ICANN;
        for (const e of childEdges(n)) if (icann[d.edgeChild[e]]) k = 1;
        icann[n] = k;
        continue;
      }
      stack.push([n, true]);
      for (const e of childEdges(n)) stack.push([d.edgeChild[e], false]);
    }
  }
  const hasWildcard = (n) => childEdges(n).some((e) => label(e) === '*');
  const kept = (n, e) => icann[d.edgeChild[e]] === 1 || hasWildcard(n);

  // Nodes reached through kept edges; a private-only one is kept childless (see the header).
  const reached = new Uint8Array(nodes);
  const childless = new Uint8Array(nodes);
  const queue = [d.rulesRoot, d.exceptionsRoot];
  reached[d.rulesRoot] = 1;
  reached[d.exceptionsRoot] = 1;
  while (queue.length > 0) {
    const n = queue.pop();
    if (childless[n]) continue;
    for (const e of childEdges(n)) {
      if (!kept(n, e)) continue;
      const c = d.edgeChild[e];
      if (reached[c]) continue;
      reached[c] = 1;
      if (!icann[c]) childless[c] = 1;
      queue.push(c);
    }
  }

  const id = new Int32Array(nodes).fill(-1);
  const order = [];
  for (let n = 0; n < nodes; n++) {
    if (!reached[n]) continue;
    id[n] = order.length;
    order.push(n);
  }
  const nodeFlags = [];
  const edgeStart = [0];
  const edgeLength = [];
  const edgeChild = [];
  const labels = [];
  for (const n of order) {
    nodeFlags.push(childless[n] ? 0 : d.nodeFlags[n] & ICANN);
    if (!childless[n]) {
      for (const e of childEdges(n)) {
        if (!kept(n, e)) continue;
        edgeLength.push(d.edgeLength[e]);
        edgeChild.push(id[d.edgeChild[e]]);
        labels.push(label(e));
      }
    }
    edgeStart.push(edgeLength.length);
  }
  if (order.length > 0xffff || edgeLength.length > 0xffff) throw new Error('tldts-icann-trie: the projection outgrew tldts\'s Uint16 layout');
  return {
    nodeFlags: Uint8Array.from(nodeFlags),
    edgeStart: Uint16Array.from(edgeStart),
    edgeLength: Uint8Array.from(edgeLength),
    edgeChild: Uint16Array.from(edgeChild),
    labelText: labels.join(''),
    rulesRoot: id[d.rulesRoot],
    exceptionsRoot: id[d.exceptionsRoot],
  };
}

/** Shared prefixes written as one marker character: 'A'+k for an edge to the ICANN leaf, 'N'+k for any other edge. */
const MAX_SHARED = 12;

/**
 * The projection as an ES module with tldts's data exports, written compactly and rebuilt when the
 * module loads (a few milliseconds; tldts itself derives its hash tables at load the same way):
 * - each node's edges in label order, each label front-coded against the one before it (one
 *   marker character, which no label contains, for the shared length and the kind of child);
 * - every childless ICANN node is one node, so most edges need no child id at all;
 * - at load, each node's edges are put back in the order of tldts's label hash, which its lookup's
 *   binary search needs, and the arrays tldts reads are built.
 * About 5 kB gzip less than the plain arrays. test/tldts-icann-trie.test.ts runs tldts on what
 * this module exports.
 */
function trieModule(p) {
  const nodes = p.nodeFlags.length;
  const isLeaf = (n) => p.edgeStart[n + 1] === p.edgeStart[n];
  // Nodes renumbered: every childless ICANN node becomes the one leaf, numbered last.
  const id = new Int32Array(nodes).fill(-1);
  let next = 0;
  for (let n = 0; n < nodes; n++) if (!(isLeaf(n) && p.nodeFlags[n] === ICANN)) id[n] = next++;
  const leaf = next;
  const flags = [];
  const counts = [];
  const kids = [];
  let marks = '';
  const labelsOf = [];
  for (let n = 0, o = 0; n < nodes; n++) {
    const list = [];
    for (let e = p.edgeStart[n]; e < p.edgeStart[n + 1]; e++) {
      list.push({ label: p.labelText.slice(o, o + p.edgeLength[e]), child: p.edgeChild[e] });
      o += p.edgeLength[e];
    }
    labelsOf.push(list);
  }
  for (let n = 0; n < nodes; n++) {
    if (id[n] < 0) continue;
    flags.push(p.nodeFlags[n]);
    const list = labelsOf[n].slice().sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    counts.push(list.length);
    let prev = '';
    for (const { label, child } of list) {
      if (/[A-Z]/.test(label)) throw new Error(`tldts-icann-trie: label ${label} holds a marker character`);
      let k = 0;
      while (k < MAX_SHARED && k < prev.length && k < label.length && prev[k] === label[k]) k++;
      const toLeaf = id[child] < 0;
      marks += String.fromCharCode((toLeaf ? 65 : 78) + k) + label.slice(k);
      if (!toLeaf) kids.push(id[child]);
      prev = label;
    }
  }
  flags.push(ICANN);
  counts.push(0);
  return [
    "// Generated by scripts/tldts-icann-trie.js from tldts's own trie: its ICANN section (see there).",
    `const t = (${rebuild.toString()})(${JSON.stringify(flags.join(''))}, [${counts.join(',')}], [${kids.join(',')}], ${JSON.stringify(marks)}, ${leaf});`,
    'export const nodeFlags = t.nodeFlags;',
    'export const edgeStart = t.edgeStart;',
    'export const edgeLength = t.edgeLength;',
    'export const edgeChild = t.edgeChild;',
    'export const labelText = t.labelText;',
    `export const rulesRoot = ${id[p.rulesRoot]};`,
    `export const exceptionsRoot = ${id[p.exceptionsRoot]};`,
    '',
  ].join('\n');
}

/**
 * Runs in the pane when the generated module loads (its source is written into the module): the
 * arrays tldts reads, from the compact form trieModule writes. Self-contained, plain ES2020.
 */
function rebuild(flags, counts, kids, marks, leaf) {
  const nodes = flags.length;
  let edges = 0;
  for (let n = 0; n < nodes; n++) edges += counts[n];
  const labels = new Array(edges);
  const children = new Uint16Array(edges);
  // Per node, hash * 2^13 + the edge's place in label order (a node has fewer than 2^13 edges, a
  // hash fewer than 2^32: exact in a double), so a plain numeric sort gives tldts's hash order.
  const keys = new Float64Array(edges);
  for (let n = 0, at = 0, kid = 0, e = 0; n < nodes; n++) {
    let prev = '';
    for (let j = 0; j < counts[n]; j++, e++) {
      const mark = marks.charCodeAt(at++) - 65;
      const start = at;
      while (at < marks.length) {
        const c = marks.charCodeAt(at);
        if (c >= 65 && c <= 90) break;
        at++;
      }
      labels[e] = prev.slice(0, mark % 13) + marks.slice(start, at);
      children[e] = mark < 13 ? leaf : kids[kid++];
      prev = labels[e];
    }
  }
  // tldts's label hash (its suffix-trie.js), by which its lookup binary-searches a node's edges;
  // read from one flat string (characters of the joined pieces are slow to read one by one).
  const flat = labels.join('');
  for (let n = 0, e = 0, o = 0; n < nodes; n++) {
    for (let j = 0; j < counts[n]; j++, e++) {
      const end = o + labels[e].length;
      let hash = 5381;
      for (let i = end - 1; i >= o; i--) hash = (hash * 33) ^ flat.charCodeAt(i);
      keys[e] = (hash >>> 0) * 8192 + j;
      o = end;
    }
  }
  const nodeFlags = new Uint8Array(nodes);
  const edgeStart = new Uint16Array(nodes + 1);
  const edgeLength = new Uint8Array(edges);
  const edgeChild = new Uint16Array(edges);
  const text = new Array(edges);
  for (let n = 0, e = 0; n < nodes; n++) {
    nodeFlags[n] = flags.charCodeAt(n) - 48;
    edgeStart[n] = e;
    const order = keys.subarray(e, e + counts[n]).sort();
    for (let j = 0; j < order.length; j++) {
      const from = e + (order[j] % 8192);
      edgeLength[e + j] = labels[from].length;
      edgeChild[e + j] = children[from];
      text[e + j] = labels[from];
    }
    e += order.length;
    edgeStart[n + 1] = e;
  }
  return { nodeFlags, edgeStart, edgeLength, edgeChild, labelText: text.join('') };
}

/** webpack loader: replaces tldts's ES data module with its ICANN projection (read from the CJS twin beside it). */
function loader() {
  const twin = path.join(path.dirname(this.resourcePath), '../../../cjs/src/data/trie.js');
  this.addDependency(twin);
  // eslint-disable-next-line import/no-dynamic-require
  return trieModule(projectIcann(require(twin)));
}

module.exports = loader;
module.exports.projectIcann = projectIcann;
module.exports.trieModule = trieModule;
module.exports.rebuild = rebuild;
