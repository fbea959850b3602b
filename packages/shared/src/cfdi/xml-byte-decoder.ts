import { cfdiMalformed } from './cfdi-errors.js';

/**
 * Turns the document's bytes into text for the parser, honouring the encoding its XML
 * declaration names. Anexo 20 requires UTF-8 for CFDI 3.3 and 4.0, and the samples declare
 * UTF-8 or nothing; some CFDI 3.2 files in the wild declare ISO-8859-1, so those are decoded as
 * Latin-1 rather than rejected (the stamp UUID is ASCII either way, but reading them as UTF-8
 * would fail on their accented names). Any other declared encoding (UTF-16, …) is refused with a
 * message naming it: SAT never stamped such files, and guessing could pass a corrupt one.
 */
type Encoding = 'utf-8' | 'latin1';

/** An XML declaration is short; past this many bytes without one, there is none to find. */
const MAX_DECLARATION_BYTES = 1024;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const DECLARATION_START = '<?xml';
const ENCODING_PATTERN = /^<\?xml\s[\s\S]*?\bencoding\s*=\s*(["'])([^"']*)\1/;

const ENCODING_LABELS: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'latin1',
  iso_8859_1: 'latin1',
  'iso_8859-1': 'latin1',
  'iso8859-1': 'latin1',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'windows-1252': 'latin1',
  cp1252: 'latin1',
};

export class XmlByteDecoder {
  #head: Buffer = Buffer.alloc(0);
  #decode: ((bytes: Uint8Array, final: boolean) => string) | undefined;

  /** True while the first bytes are held back because the declaration is not complete yet. */
  get pending(): boolean {
    return this.#decode === undefined && this.#head.length > 0;
  }

  decode(bytes: Uint8Array): string {
    if (this.#decode) return this.#decode(bytes, false);
    this.#head = Buffer.concat([this.#head, bytes]);
    const encoding = sniffEncoding(this.#head, false);
    return encoding === undefined ? '' : this.#start(encoding, false);
  }

  /** Decides on the bytes held so far, for when no more will come or text arrives instead. */
  release(final: boolean): string {
    if (this.#decode) return this.#decode(new Uint8Array(0), final);
    return this.#start(sniffEncoding(this.#head, true) ?? 'utf-8', final);
  }

  #start(encoding: Encoding, final: boolean): string {
    this.#decode = encoding === 'utf-8' ? utf8Decoder() : latin1Decoder;
    const head = this.#head;
    this.#head = Buffer.alloc(0);
    return this.#decode(head, final);
  }
}

function utf8Decoder(): (bytes: Uint8Array, final: boolean) => string {
  // `fatal`: bytes that are not UTF-8 make the document not well-formed (XML 1.0 §4.3.3).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return (bytes, final) => {
    try {
      return decoder.decode(bytes, { stream: !final });
    } catch (error) {
      throw cfdiMalformed('its bytes are not valid UTF-8', error);
    }
  };
}

function latin1Decoder(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Undefined while more bytes are needed to know; `final` forces a decision. */
function sniffEncoding(head: Buffer, final: boolean): Encoding | undefined {
  if (head.subarray(0, 3).equals(UTF8_BOM)) return 'utf-8';
  if (!final && UTF8_BOM.subarray(0, head.length).equals(head)) return undefined;
  // Latin-1 maps each byte to one character, so this view of the ASCII declaration is exact.
  const text = head.toString('latin1', 0, MAX_DECLARATION_BYTES);
  const declarationEnd = text.indexOf('?>');
  if (declarationEnd === -1) {
    const mayBeDeclaration =
      DECLARATION_START.startsWith(text) || text.startsWith(DECLARATION_START);
    if (!final && mayBeDeclaration && head.length < MAX_DECLARATION_BYTES) return undefined;
    return 'utf-8';
  }
  const label = ENCODING_PATTERN.exec(text.slice(0, declarationEnd))?.[2];
  return label === undefined ? 'utf-8' : encodingFor(label);
}

function encodingFor(label: string): Encoding {
  const encoding = ENCODING_LABELS[label.trim().toLowerCase()];
  if (encoding) return encoding;
  throw cfdiMalformed(
    `it declares encoding "${label}"; only UTF-8 (what SAT requires) and ISO-8859-1 are read`,
  );
}
