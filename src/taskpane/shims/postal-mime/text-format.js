/**
 * Stand-in for postal-mime's text-format module in the pane (see line-decoder.js): the HTML/text
 * conversions are postal-mime's own; the header blocks it writes for an inlined message/rfc822
 * part are never needed, because every such part stays an attachment (forceRfc822Attachments)
 * and is parsed as a message of its own (src/adapters/files/attached.ts).
 */
export { htmlToText, textToHtml } from '../../../../node_modules/postal-mime/dist/esm/text-format.js?original';

const inlined = () => {
  throw new Error('postal-mime inlined a message/rfc822 part; the pane parses them as attached messages');
};
export const formatTextHeader = inlined;
export const formatHtmlHeader = inlined;
