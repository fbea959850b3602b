import { describe, expect, it } from 'vitest';
import { readStampUuid } from '../../src/cfdi/index.js';
import { checkStream, inChunks, readSample, sha256 } from './cfdi-fixtures.js';

const STAMP = '9FB6ED1A-5F37-4FEF-980A-7F8C83B51894';
const permanent = (code: string) => ({ name: 'AppError', code, retryable: false });

/** cfdi33-valid carries accented names (UTF-8); re-encode it the way old 3.2 files were. */
async function asLatin1(declaredAs: string): Promise<Buffer> {
  const text = (await readSample('cfdi33-valid.xml')).toString('utf8');
  expect(text).toMatch(/[áéíóúñÁÉÍÓÚÑ]/);
  return Buffer.from(text.replace('encoding="UTF-8"', `encoding="${declaredAs}"`), 'latin1');
}

describe('document encodings', () => {
  it.each(['ISO-8859-1', 'iso-8859-1', 'windows-1252'])(
    'reads a document declared and encoded as %s, byte by byte, unchanged',
    async (label) => {
      const bytes = await asLatin1(label);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
      const result = await checkStream(inChunks(bytes, 1), STAMP);
      expect(result).toEqual({ sha256: sha256(bytes), bytes: bytes.length, stampUuid: STAMP });
    },
  );

  it('rejects Latin-1 bytes in a document that declares UTF-8', async () => {
    const bytes = await asLatin1('UTF-8');
    await expect(readStampUuid(bytes)).rejects.toMatchObject({
      ...permanent('cfdi_malformed'),
      message: expect.stringContaining('not valid UTF-8'),
    });
  });

  it('rejects an encoding SAT never stamped, naming it', async () => {
    const bytes = await asLatin1('UTF-16');
    await expect(checkStream(inChunks(bytes, 3), STAMP)).rejects.toMatchObject({
      ...permanent('cfdi_malformed'),
      message: expect.stringContaining('declares encoding "UTF-16"'),
    });
  });

  it('reads a document that starts with a UTF-8 byte order mark, split inside the mark', async () => {
    const plain = await readSample('cfdi40-valid.xml');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    const result = await checkStream(inChunks(bytes, 2), '6F35D3B5-3651-5370-BC2C-14CDBE384CD7');
    expect(result.sha256).toBe(sha256(bytes));
  });

  it('splits multi-byte characters across chunks without harm', async () => {
    const bytes = await readSample('cfdi33-valid.xml');
    for (const size of [1, 2, 3, 5]) {
      expect((await checkStream(inChunks(bytes, size), STAMP)).stampUuid).toBe(STAMP);
    }
  });
});
