import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkStream, readSample } from './cfdi-fixtures.js';

const STAMP = 'C2832671-DA6D-11EF-A83D-00155D012007';
const MiB = 1024 * 1024;
const TOTAL_BYTES = 200 * MiB;
const CHUNK_BYTES = 64 * 1024;

/**
 * cfdi40-real with an Addenda of ~200 MB after its Complemento, made as it is read so the test
 * itself holds no more than one chunk: element-rich lines, a decoy stamp, then one text node of
 * 50 MB (a parser that buffered text would show it in RSS).
 */
async function* largeDocument(hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  const real = (await readSample('cfdi40-real.xml')).toString('utf8');
  const close = real.lastIndexOf('</cfdi:Comprobante>');
  const open =
    '<cfdi:Addenda><ext:Datos xmlns:ext="urn:example:addenda">' +
    '<tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital" UUID="00000000-0000-4000-8000-000000000000"/>\n';
  let sent = 0;
  const emit = (bytes: Buffer) => {
    hash.update(bytes);
    sent += bytes.length;
    return bytes;
  };
  yield emit(Buffer.from(real.slice(0, close) + open, 'utf8'));
  const lines = Buffer.from(
    '<ext:Linea n="0001" clave="84111506" desc="Servicio de facturaci&#243;n &amp; más"/>\n'.repeat(
      700,
    ),
  );
  while (sent < TOTAL_BYTES - 50 * MiB) yield emit(lines);
  yield emit(Buffer.from('<ext:Pdf>'));
  const base64 = Buffer.alloc(CHUNK_BYTES, 'QUJDRA==');
  while (sent < TOTAL_BYTES) yield emit(base64);
  yield emit(Buffer.from('</ext:Pdf></ext:Datos></cfdi:Addenda></cfdi:Comprobante>\n'));
}

describe('a CFDI with a ~200 MB Addenda', () => {
  it('is checked in flight with flat memory and passed through whole', async () => {
    await checkStream(Readable.from([await readSample('cfdi40-real.xml')]), STAMP);
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 20);
    const inputHash = createHash('sha256');
    const started = performance.now();
    try {
      const result = await checkStream(Readable.from(largeDocument(inputHash)), STAMP);
      peak = Math.max(peak, process.memoryUsage.rss());
      const seconds = (performance.now() - started) / 1000;
      const growthMiB = (peak - baseline) / MiB;
      console.log(
        `stamp check: ${(result.bytes / MiB).toFixed(0)} MiB in ${seconds.toFixed(1)} s ` +
          `(${(result.bytes / MiB / seconds).toFixed(0)} MiB/s), RSS ${(baseline / MiB).toFixed(0)} → ` +
          `peak ${(peak / MiB).toFixed(0)} MiB, growth ${growthMiB.toFixed(1)} MiB`,
      );
      expect(result.stampUuid).toBe(STAMP);
      expect(result.bytes).toBeGreaterThanOrEqual(TOTAL_BYTES);
      expect(result.sha256).toBe(inputHash.digest('hex'));
      expect(growthMiB).toBeLessThan(50);
    } finally {
      clearInterval(sampler);
    }
  }, 180_000);
});
