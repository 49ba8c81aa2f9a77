/**
 * parse5's tokenizer, made to collect a run of text in pieces instead of one string per character.
 *
 * parse5 7.3 groups consecutive characters into one character token, and grows the token's text
 * with `chars += ch` for every character of it. In V8 each `+=` makes a new string, so a
 * paragraph of n characters makes n strings for the garbage collector: in the CLI's profile of
 * the shared corpora, the tokenizer's character states were a third of all bytes allocated, and
 * HTML reading is the largest single cost of a scan (README, Performance). Here a run's
 * characters are pushed to an array and joined once, when the token is emitted. The token the
 * parser receives is the same: same type, same text, same location.
 *
 * This replaces two methods of parse5's internal Tokenizer class, so it is pinned to the parse5
 * version in package.json. `installTextRuns` checks that the methods it replaces are there and
 * does nothing otherwise (the reading is then only slower, never different);
 * parse5-text-runs.test.ts fails if that happens, and compares the trees parse5 builds with and
 * without this change over a table of edge cases and over the HTML of the shared corpora.
 */

/** The parts of parse5's Tokenizer (internal to parse5 7.3) this uses. */
interface CharacterToken {
  type: unknown;
  chars: string;
  location: unknown;
  /** Set here: the run's text in pieces, joined into `chars` when the token is emitted. */
  pieces?: string[] | undefined;
}

interface TokenizerInternals {
  currentCharacterToken: CharacterToken | null;
  currentLocation: unknown;
  preprocessor: { dropParsedChunk(): void };
  getCurrentLocation(offset: number): unknown;
  _createCharacterToken(type: unknown, chars: string): void;
  _appendCharToCurrentCharacterToken(type: unknown, ch: string): void;
  _emitCurrentCharacterToken(nextLocation: unknown): void;
}

const INSTALLED = Symbol.for('mirrorface-guard.parse5-text-runs');

/** Runs shorter than this stay as `+=`: a short run costs less as strings than as an array. */
const PIECES_FROM = 8;

/**
 * Installs the change on parse5's Tokenizer class (once; later calls are no-ops). Returns
 * whether the change is in place: false when the class lacks the methods it replaces.
 */
export function installTextRuns(tokenizer: { prototype: object } | undefined): boolean {
  if (!tokenizer) return false;
  const proto = tokenizer.prototype as TokenizerInternals & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return true;
  if (
    typeof proto._appendCharToCurrentCharacterToken !== 'function' ||
    typeof proto._emitCurrentCharacterToken !== 'function' ||
    typeof proto._createCharacterToken !== 'function' ||
    typeof proto.getCurrentLocation !== 'function'
  ) {
    return false;
  }
  const emit = proto._emitCurrentCharacterToken;
  // parse5's own method, with `chars += ch` replaced by a push once the run is long enough.
  proto._appendCharToCurrentCharacterToken = function (this: TokenizerInternals, type: unknown, ch: string): void {
    const token = this.currentCharacterToken;
    if (token) {
      if (token.type === type) {
        const pieces = token.pieces;
        if (pieces) pieces.push(ch);
        else if (token.chars.length < PIECES_FROM) token.chars += ch;
        else token.pieces = [token.chars, ch];
        return;
      }
      this.currentLocation = this.getCurrentLocation(0);
      this._emitCurrentCharacterToken(this.currentLocation);
      this.preprocessor.dropParsedChunk();
    }
    this._createCharacterToken(type, ch);
  };
  proto._emitCurrentCharacterToken = function (this: TokenizerInternals, nextLocation: unknown): void {
    const token = this.currentCharacterToken;
    if (token?.pieces) {
      token.chars = token.pieces.join('');
      token.pieces = undefined;
    }
    emit.call(this, nextLocation);
  };
  proto[INSTALLED] = true;
  return true;
}
