import { LineDecoder } from './line-decoder.js';
import { decodeBase64 } from '../../../adapters/files/transfer-decode.ts';
/** Stand-in for postal-mime's Base64Decoder (see line-decoder.js). */
export default class Base64Decoder extends LineDecoder {
  constructor() {
    super(decodeBase64);
  }
}
