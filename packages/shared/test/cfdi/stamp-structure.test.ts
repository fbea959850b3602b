import { describe, expect, it } from 'vitest';
import { readStampUuid } from '../../src/cfdi/index.js';
import { readSample } from './cfdi-fixtures.js';

const CFD4 = 'http://www.sat.gob.mx/cfd/4';
const TFD = 'http://www.sat.gob.mx/TimbreFiscalDigital';
const STAMP = 'C2832671-DA6D-11EF-A83D-00155D012007';
const DECOY = '00000000-0000-4000-8000-000000000000';
const permanent = (code: string) => ({ name: 'AppError', code, retryable: false });

const comprobante = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<cfdi:Comprobante xmlns:cfdi="${CFD4}" Version="4.0">${inner}</cfdi:Comprobante>`;
const timbre = (uuid: string, ns = TFD) =>
  `<tfd:TimbreFiscalDigital xmlns:tfd="${ns}" Version="1.1" UUID="${uuid}"/>`;

describe('where the stamp is looked for', () => {
  it('matches by namespace, whatever the prefixes (or none)', async () => {
    const xml = `<Comprobante xmlns="${CFD4}"><Complemento><t:TimbreFiscalDigital xmlns:t="${TFD}" UUID="${STAMP.toLowerCase()}"/></Complemento></Comprobante>`;
    expect(await readStampUuid(xml)).toBe(STAMP);
    const real = (await readSample('cfdi40-real.xml')).toString('utf8');
    const renamed = real
      .replace(/\b(xmlns:)?cfdi([:=])/g, '$1c$2')
      .replace(/\b(xmlns:)?tfd([:=])/g, '$1sello$2');
    expect(renamed).not.toContain('tfd:');
    expect(await readStampUuid(renamed)).toBe(STAMP);
  });

  it('ignores a TimbreFiscalDigital in another namespace', async () => {
    const xml = comprobante(`<cfdi:Complemento>${timbre(DECOY, 'urn:not-sat')}</cfdi:Complemento>`);
    await expect(readStampUuid(xml)).rejects.toMatchObject(permanent('cfdi_not_stamped'));
  });

  it('ignores a stamp copied into the Addenda or nested below the root Complemento', async () => {
    const addenda = `<cfdi:Addenda>${timbre(DECOY)}</cfdi:Addenda>`;
    const nested = `<cfdi:Complemento><x:Otro xmlns:x="urn:x">${timbre(DECOY)}</x:Otro></cfdi:Complemento>`;
    const concepto = `<cfdi:Conceptos><cfdi:Concepto><cfdi:ComplementoConcepto>${timbre(DECOY)}</cfdi:ComplementoConcepto></cfdi:Concepto></cfdi:Conceptos>`;
    for (const inner of [addenda, nested, concepto]) {
      await expect(readStampUuid(comprobante(inner))).rejects.toMatchObject(
        permanent('cfdi_not_stamped'),
      );
    }
    const stampedThenCopied = `<cfdi:Complemento>${timbre(STAMP)}</cfdi:Complemento>${addenda}`;
    expect(await readStampUuid(comprobante(stampedThenCopied))).toBe(STAMP);
  });

  it('reads a stamped Retenciones 2.0 document', async () => {
    const ns = 'http://www.sat.gob.mx/esquemas/retencionpago/2';
    const xml = `<retenciones:Retenciones xmlns:retenciones="${ns}"><retenciones:CfdiRetenRelacionados UUID="${DECOY}"/><retenciones:Complemento>${timbre(STAMP)}</retenciones:Complemento></retenciones:Retenciones>`;
    expect(await readStampUuid(xml)).toBe(STAMP);
  });

  it.each([
    ['an unknown root', `<factura>${timbre(STAMP)}</factura>`, 'its root element is factura'],
    [
      'a Comprobante outside the SAT namespaces',
      `<c:Comprobante xmlns:c="http://www.sat.gob.mx/cfd/5"><c:Complemento>${timbre(STAMP)}</c:Complemento></c:Comprobante>`,
      'its root element is {http://www.sat.gob.mx/cfd/5}Comprobante',
    ],
    ['text that is not XML', '{"uuid":"x"}', 'not well-formed'],
    ['an unbound prefix', '<cfdi:Comprobante/>', 'not well-formed'],
    [
      'two stamps',
      comprobante(`<cfdi:Complemento>${timbre(STAMP)}${timbre(STAMP)}</cfdi:Complemento>`),
      'more than one TimbreFiscalDigital',
    ],
    [
      'a stamp without UUID',
      comprobante(`<cfdi:Complemento><t:TimbreFiscalDigital xmlns:t="${TFD}"/></cfdi:Complemento>`),
      'has no UUID attribute',
    ],
  ])('rejects %s as malformed, saying why', async (_case, xml, reason) => {
    await expect(readStampUuid(xml)).rejects.toMatchObject({
      ...permanent('cfdi_malformed'),
      message: expect.stringContaining(reason),
    });
  });
});
