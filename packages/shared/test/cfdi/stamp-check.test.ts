import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStampCheck, readStampUuid } from '../../src/cfdi/index.js';
import { checkStream, inChunks, readSample, sha256 } from './cfdi-fixtures.js';

const STAMPED: Array<[file: string, uuid: string]> = [
  ['cfdi32-real.xml', '80824F3B-323E-407B-8F8E-40D83FE2E69F'],
  ['cfdi33-real.xml', 'CEE4BE01-ADFA-4DEB-8421-ADD60F0BEDAC'],
  ['cfdi33-valid.xml', '9FB6ED1A-5F37-4FEF-980A-7F8C83B51894'],
  ['cfdi40-real.xml', 'C2832671-DA6D-11EF-A83D-00155D012007'],
  ['cfdi40-valid.xml', '6F35D3B5-3651-5370-BC2C-14CDBE384CD7'],
];
const OTHER_UUID = '11111111-2222-3333-4444-555555555555';
const permanent = (code: string) => ({ name: 'AppError', code, retryable: false });

describe('createStampCheck on real CFDI documents', () => {
  it.each(STAMPED)('passes %s through unchanged and reports its stamp', async (file, uuid) => {
    const bytes = await readSample(file);
    const result = await checkStream(inChunks(bytes, 16 * 1024), uuid.toLowerCase());
    expect(result).toEqual({ sha256: sha256(bytes), bytes: bytes.length, stampUuid: uuid });
  });

  it.each(STAMPED)('finds the stamp of %s fed one byte at a time', async (file, uuid) => {
    const bytes = await readSample(file);
    const result = await checkStream(inChunks(bytes, 1), uuid);
    expect(result).toEqual({ sha256: sha256(bytes), bytes: bytes.length, stampUuid: uuid });
  });

  it('takes the stamp, not the related-document UUID that comes before it (3.3)', async () => {
    const bytes = await readSample('cfdi33-valid.xml');
    const related = 'A39DA66B-52CA-49E3-879B-5C05185B0EF7';
    expect(bytes.toString('utf8')).toContain(`UUID="${related}"`);
    await expect(checkStream(inChunks(bytes, 64), related)).rejects.toMatchObject({
      ...permanent('cfdi_uuid_mismatch'),
      message: `CFDI XML is stamped with UUID 9FB6ED1A-5F37-4FEF-980A-7F8C83B51894, expected ${related}`,
    });
  });

  it('rejects a document stamped with another UUID', async () => {
    const bytes = await readSample('cfdi40-real.xml');
    await expect(checkStream(inChunks(bytes, 1024), OTHER_UUID)).rejects.toMatchObject(
      permanent('cfdi_uuid_mismatch'),
    );
  });

  it('rejects the unstamped Pagos 2.0 document as not stamped', async () => {
    const bytes = await readSample('created-cfdi40-pago20-valid.xml');
    await expect(checkStream(inChunks(bytes, 1024), OTHER_UUID)).rejects.toMatchObject(
      permanent('cfdi_not_stamped'),
    );
  });

  it('rejects the unstamped Retenciones 2.0, whose only UUID is a related document', async () => {
    const bytes = await readSample('retenciones20.xml');
    const related = '1474b7d3-61fc-41c4-a8b8-3f22e1161bb4';
    await expect(checkStream(inChunks(bytes, 1), related)).rejects.toMatchObject(
      permanent('cfdi_not_stamped'),
    );
    await expect(readStampUuid(bytes)).rejects.toMatchObject(permanent('cfdi_not_stamped'));
  });

  // The sample ends in `</cfdi:Comprobante>\n`: -2 cuts the root's last `>`, after the stamp.
  it.each([100, 3000, -40, -2])('rejects a document truncated at byte %i', async (at) => {
    const bytes = await readSample('cfdi40-valid.xml');
    const truncated = bytes.subarray(0, at < 0 ? bytes.length + at : at);
    await expect(
      checkStream(inChunks(truncated, 512), STAMPED[4]?.[1] ?? ''),
    ).rejects.toMatchObject(permanent('cfdi_malformed'));
  });

  it('refuses an expected UUID that is not a UUID, before any byte flows', () => {
    expect(() => createStampCheck('C2832671')).toThrow(
      expect.objectContaining({
        code: 'cfdi_invalid_uuid',
        message: expect.stringContaining('"C2832671" is not a UUID'),
      }),
    );
  });
});

describe('readStampUuid', () => {
  it.each(STAMPED)(
    'reads the stamp of %s from a Buffer, a string and a stream',
    async (file, uuid) => {
      const bytes = await readSample(file);
      expect(await readStampUuid(bytes)).toBe(uuid);
      expect(await readStampUuid(bytes.toString('utf8'))).toBe(uuid);
      expect(await readStampUuid(inChunks(bytes, 7))).toBe(uuid);
    },
  );

  it('reads a stream of text chunks', async () => {
    const text = (await readSample('cfdi40-real.xml')).toString('utf8');
    const source = Readable.from([text.slice(0, 999), text.slice(999)]);
    expect(await readStampUuid(source)).toBe('C2832671-DA6D-11EF-A83D-00155D012007');
  });

  it('rejects an empty document as malformed', async () => {
    await expect(readStampUuid('')).rejects.toMatchObject(permanent('cfdi_malformed'));
  });
});

describe('failing early', () => {
  it('errors on the wrong stamp without waiting for the rest of an endless document', async () => {
    const real = (await readSample('cfdi40-real.xml')).toString('utf8');
    const head = real.slice(0, real.lastIndexOf('</cfdi:Comprobante>'));
    let chunksPulled = 0;
    const endless = Readable.from(
      (function* () {
        yield Buffer.from(`${head}<cfdi:Addenda>`);
        for (;;) {
          chunksPulled++;
          yield Buffer.from('<x:Linea xmlns:x="urn:x"/>\n'.repeat(100));
        }
      })(),
    );
    await expect(checkStream(endless, OTHER_UUID)).rejects.toMatchObject(
      permanent('cfdi_uuid_mismatch'),
    );
    expect(chunksPulled).toBeLessThan(100);
  });
});
