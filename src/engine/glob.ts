/**
 * File-name patterns with wildcards, matched in linear time.
 *
 * Published reports redact parts of file names (`<redacted>`, `●●●`, `…`) and admins write `*`;
 * each such mark stands for any run of characters. Compiled to a regular expression, a name with
 * several marks became a chain of `.{0,200}` groups that backtracks: one attachment name against
 * an admin's `*a*a*a*a*` pattern could stall a scan. Here a pattern is its literal pieces: the
 * first must start the name, the last must end it, and each piece between is taken at its
 * leftmost place after the previous one. For wildcards that match any run, leftmost placement
 * never misses a match (a later place only leaves less room for the rest), so one left-to-right
 * pass decides, with no backtracking.
 */

/** A wildcard pattern as its literal pieces (`a*b*c` → ['a', 'b', 'c']); one piece means no wildcard. */
export type Glob = readonly string[];

export function globMatch(pieces: Glob, name: string): boolean {
  const n = pieces.length;
  if (n === 0) return false;
  const first = pieces[0] as string;
  if (n === 1) return name === first;
  const last = pieces[n - 1] as string;
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  const end = name.length - last.length;
  let at = first.length;
  for (let i = 1; i < n - 1; i++) {
    const piece = pieces[i] as string;
    if (piece === '') continue;
    const found = name.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
