import { LineDecoder } from './line-decoder.js';
import { decodeQuotedPrintable } from '../../../adapters/files/transfer-decode.ts';
/** Stand-in for postal-mime's QPDecoder (see line-decoder.js). */
export default class QPDecoder extends LineDecoder {
  constructor() {
    super(decodeQuotedPrintable);
  }
}
