import { LineDecoder } from './line-decoder.js';
/** Stand-in for postal-mime's PassThroughDecoder (see line-decoder.js). */
export default class PassThroughDecoder extends LineDecoder {}
