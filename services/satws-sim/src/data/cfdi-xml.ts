import { cfdiTree } from './cfdi-tree.js';
import { randomBytesChunks } from './padding.js';
import type { SatInvoice } from './sat-types.js';
import { renderXml } from './xml-node.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const CLOSING = '</cfdi:Comprobante>\n';
const ADDENDA_OPEN = '  <cfdi:Addenda>\n    <sim:Relleno xmlns:sim="urn:satws-sim:relleno">';
const ADDENDA_CLOSE = '</sim:Relleno>\n  </cfdi:Addenda>\n';

export interface XmlLayout {
  head: Buffer;
  paddingBytes: number;
  size: number;
}

/**
 * The stamped document, plus — when the seed asks for a bigger file — an `Addenda` of seeded
 * text that brings it to exactly the requested size. An Addenda is where issuers put free
 * content, so the document stays a valid CFDI whatever its size.
 */
export function xmlLayout(invoice: SatInvoice): XmlLayout {
  const document = DECLARATION + renderXml(cfdiTree(invoice));
  const head = Buffer.from(document.slice(0, document.length - CLOSING.length));
  const natural = head.length + CLOSING.length;
  const wrapper = Buffer.byteLength(ADDENDA_OPEN) + Buffer.byteLength(ADDENDA_CLOSE);
  const target = invoice.sizes.xml;
  if (target === undefined || target < natural + wrapper)
    return { head, paddingBytes: -1, size: natural };
  return { head, paddingBytes: target - natural - wrapper, size: target };
}

export function* xmlChunks(invoice: SatInvoice, layout = xmlLayout(invoice)): Generator<Buffer> {
  yield layout.head;
  if (layout.paddingBytes >= 0) {
    yield Buffer.from(ADDENDA_OPEN);
    yield* randomBytesChunks(`${invoice.contentSeed}|xml-padding`, layout.paddingBytes, true);
    yield Buffer.from(ADDENDA_CLOSE);
  }
  yield Buffer.from(CLOSING);
}
