import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pdfChunks, pdfLayout } from './cfdi-pdf.js';
import { xmlChunks, xmlLayout } from './cfdi-xml.js';
import type { SatInvoice } from './sat-types.js';

export type CfdiFileKind = 'xml' | 'pdf';

export interface Digest {
  size: number;
  sha256: string;
}

/**
 * Bytes of an invoice's XML or PDF, regenerated from its seed on every read and streamed, and
 * their sha256 computed once by streaming the same generator (then cached) for the ground truth.
 */
export class CfdiFiles {
  readonly #sizes = new WeakMap<SatInvoice, { xml?: number; pdf?: number }>();
  readonly #digests = new Map<string, Promise<Digest>>();

  size(invoice: SatInvoice, kind: CfdiFileKind): number {
    const known = this.#sizes.get(invoice) ?? {};
    const cached = known[kind];
    if (cached !== undefined) return cached;
    const size = kind === 'xml' ? xmlLayout(invoice).size : pdfLayout(invoice).size;
    this.#sizes.set(invoice, { ...known, [kind]: size });
    return size;
  }

  chunks(invoice: SatInvoice, kind: CfdiFileKind): Generator<Buffer> {
    return kind === 'xml' ? xmlChunks(invoice) : pdfChunks(invoice);
  }

  stream(invoice: SatInvoice, kind: CfdiFileKind): Readable {
    return Readable.from(this.chunks(invoice, kind), { objectMode: false });
  }

  /** Small files only: the whole document in memory (JSON conversion, ZIP index). */
  async buffer(invoice: SatInvoice, kind: CfdiFileKind): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.stream(invoice, kind)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  digest(invoice: SatInvoice, kind: CfdiFileKind): Promise<Digest> {
    const key = `${invoice.contentSeed}|${kind}|${invoice.sizes[kind] ?? 'natural'}`;
    const known = this.#digests.get(key);
    if (known) return known;
    const pending = hashStream(this.stream(invoice, kind));
    this.#digests.set(key, pending);
    pending.catch(() => this.#digests.delete(key));
    return pending;
  }
}

export async function hashStream(stream: Readable): Promise<Digest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}
