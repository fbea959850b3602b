import { SaxesParser, type SaxesTagNS } from 'saxes';
import { type AppError, isAppError } from '../errors/index.js';
import { cfdiMalformed, cfdiNotStamped } from './cfdi-errors.js';
import {
  COMPLEMENTO_ELEMENT,
  isCfdiRoot,
  TIMBRE_ELEMENT,
  TIMBRE_NAMESPACE,
} from './cfdi-namespaces.js';
import { XmlByteDecoder } from './xml-byte-decoder.js';

/**
 * Finds the stamp UUID of a CFDI as its text flows by, keeping only the element depth and a few
 * flags: memory stays flat however large the document (an Addenda can run to hundreds of MB).
 * Only `<root>/Complemento/tfd:TimbreFiscalDigital/@UUID` counts; a related document's UUID
 * (`CfdiRelacionado`, `CfdiRetenRelacionados`) or a stamp copied into an Addenda must not.
 * The first failure is kept and thrown from every later call.
 */
export class StampLocator {
  readonly #parser = new SaxesParser({ xmlns: true });
  readonly #decoder = new XmlByteDecoder();
  #depth = 0;
  #rootUri: string | undefined;
  #inRootComplemento = false;
  #stampUuid: string | undefined;
  #failure: AppError | undefined;

  constructor() {
    this.#parser.on('opentag', (tag) => this.#open(tag));
    this.#parser.on('closetag', () => this.#close());
    this.#parser.on('error', (error) =>
      this.#fail(cfdiMalformed(`it is not well-formed XML (${error.message})`, error)),
    );
  }

  /** The stamp's UUID in upper case, once its element has been read. */
  get stampUuid(): string | undefined {
    return this.#stampUuid;
  }

  /** Bytes are decoded as the XML declaration says; a string is text already decoded. */
  write(chunk: Uint8Array | string): void {
    this.#throwIfFailed();
    try {
      if (typeof chunk !== 'string') this.#parse(this.#decoder.decode(chunk));
      else {
        if (this.#decoder.pending) this.#parse(this.#decoder.release(false));
        this.#parse(chunk);
      }
    } catch (error) {
      this.#fail(asAppError(error));
    }
    this.#throwIfFailed();
  }

  /** Checks the document is complete and well-formed; returns the stamp UUID in upper case. */
  end(): string {
    this.#throwIfFailed();
    try {
      this.#parse(this.#decoder.release(true));
      this.#parser.close();
    } catch (error) {
      this.#fail(asAppError(error));
    }
    this.#throwIfFailed();
    if (this.#stampUuid === undefined) throw cfdiNotStamped();
    return this.#stampUuid;
  }

  #parse(text: string): void {
    if (text.length > 0 && this.#failure === undefined) this.#parser.write(text);
  }

  #open(tag: SaxesTagNS): void {
    if (this.#failure !== undefined) return;
    const depth = this.#depth++;
    if (depth === 0) this.#openRoot(tag);
    else if (depth === 1) {
      this.#inRootComplemento = tag.uri === this.#rootUri && tag.local === COMPLEMENTO_ELEMENT;
    } else if (depth === 2 && this.#inRootComplemento) {
      if (tag.uri === TIMBRE_NAMESPACE && tag.local === TIMBRE_ELEMENT) this.#takeStamp(tag);
    }
  }

  #close(): void {
    this.#depth--;
    if (this.#depth === 1) this.#inRootComplemento = false;
  }

  #openRoot(tag: SaxesTagNS): void {
    if (isCfdiRoot(tag.uri, tag.local)) {
      this.#rootUri = tag.uri;
      return;
    }
    const found = tag.uri === '' ? tag.local : `{${tag.uri}}${tag.local}`;
    this.#fail(
      cfdiMalformed(`its root element is ${found}, not a CFDI Comprobante or Retenciones`),
    );
  }

  #takeStamp(tag: SaxesTagNS): void {
    const uuid = tag.attributes.UUID;
    if (this.#stampUuid !== undefined) {
      this.#fail(cfdiMalformed('its Complemento holds more than one TimbreFiscalDigital'));
    } else if (uuid === undefined || uuid.uri !== '' || uuid.value.trim() === '') {
      this.#fail(cfdiMalformed('its TimbreFiscalDigital has no UUID attribute'));
    } else {
      this.#stampUuid = uuid.value.trim().toUpperCase();
    }
  }

  #fail(error: AppError): void {
    this.#failure ??= error;
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}

function asAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return cfdiMalformed(`it could not be parsed (${message})`, error);
}
