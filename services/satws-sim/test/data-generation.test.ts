import { describe, expect, it } from 'vitest';
import { cfdiJson } from '../src/data/cfdi-json.js';
import { CfdiFiles } from '../src/data/file-content.js';
import { rfcCheckDigit } from '../src/data/rfc.js';
import { generateTaxpayer } from '../src/data/taxpayer-generator.js';
import { startSimulator } from '../src/index.js';
import { taxpayerSeedSchema } from '../src/seed/seed-spec.js';
import { pdfXrefIsExact } from './support/digest.js';

type Json = Record<string, unknown>;
const seed = (input: Record<string, unknown>) => taxpayerSeedSchema.parse(input);

describe('seeded data', () => {
  it('is deterministic: the same seed gives the same invoices and bytes, another seed does not', async () => {
    const spec = {
      randomSeed: 'det',
      taxpayers: [{ invoices: 15 }, { rfc: 'EKU9003173C9', invoices: 10 }],
    };
    const [a, b, c] = await Promise.all([
      startSimulator({ seed: spec }),
      startSimulator({ seed: spec }),
      startSimulator({ seed: { ...spec, randomSeed: 'other' } }),
    ]);
    try {
      const strip = async (sim: typeof a) =>
        (await sim.admin.truth()).taxpayers.map((taxpayer) => ({
          rfc: taxpayer.rfc,
          invoices: taxpayer.invoices.map((invoice) => [
            invoice.uuid,
            invoice.xml.sha256,
            invoice.pdf.sha256,
            invoice.total,
          ]),
        }));
      const [first, second, third] = await Promise.all([strip(a), strip(b), strip(c)]);
      expect(second).toEqual(first);
      expect(third[0]?.rfc).not.toBe(first[0]?.rfc);
      expect(third[1]?.invoices[0]).not.toEqual(first[1]?.invoices[0]);
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });

  it('spans the period, both directions and every CFDI type, with amounts that add up', () => {
    const taxpayer = generateTaxpayer(
      seed({ invoices: 300, from: '2024-01-01', to: '2024-12-31' }),
      'spread',
      0,
    );
    expect(rfcCheckDigit(taxpayer.rfc.slice(0, -1))).toBe(taxpayer.rfc.slice(-1));
    const types = new Set(taxpayer.invoices.map((invoice) => invoice.type));
    expect([...types].sort()).toEqual(['E', 'I', 'N', 'P', 'T']);
    const issued = taxpayer.invoices.filter((invoice) => invoice.isIssuer).length;
    expect(issued).toBeGreaterThan(60);
    expect(issued).toBeLessThan(240);
    const months = new Set(taxpayer.invoices.map((invoice) => invoice.issuedAt.slice(0, 7)));
    expect(months.size).toBe(12);
    expect(
      taxpayer.invoices.every(
        (invoice) => invoice.issuedAt >= '2024-01-01' && invoice.issuedAt <= '2024-12-31T23:59:59',
      ),
    ).toBe(true);
    for (const invoice of taxpayer.invoices) {
      expect(invoice.subtotalCents - invoice.discountCents + invoice.taxCents).toBe(
        invoice.totalCents,
      );
      const json = cfdiJson(invoice);
      expect(json.Total).toBe(invoice.totalCents / 100);
      expect(((json.Complemento as Json).TimbreFiscalDigital as Json).UUID).toBe(
        invoice.uuid.toUpperCase(),
      );
      expect((invoice.isIssuer ? json.Emisor : json.Receptor) as Json).toMatchObject({
        Rfc: taxpayer.rfc,
      });
    }
  });

  it('writes CFDI 4.0 XML with Emisor, Receptor, Conceptos, Impuestos and the stamp', async () => {
    const taxpayer = generateTaxpayer(seed({ invoices: 40, types: ['I'] }), 'xml', 0);
    const invoice = taxpayer.invoices[0];
    if (!invoice) throw new Error('no invoice generated');
    const xml = (await new CfdiFiles().buffer(invoice, 'xml')).toString('utf8');
    const order = [
      '<cfdi:Comprobante',
      '<cfdi:Emisor',
      '<cfdi:Receptor',
      '<cfdi:Conceptos>',
      '<cfdi:Concepto ',
      '<cfdi:Impuestos',
      '<cfdi:Complemento>',
      '<tfd:TimbreFiscalDigital',
      '</cfdi:Comprobante>',
    ];
    const positions = order.map((tag) => xml.lastIndexOf(tag));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(xml).toContain('xmlns:cfdi="http://www.sat.gob.mx/cfd/4"');
    expect(xml).toContain('Version="4.0"');
    expect(xml.match(/UUID="([0-9A-F-]{36})"/)?.[1]).toBe(invoice.uuid.toUpperCase());
  });

  it('pads files to exactly the configured sizes and keeps them valid documents', async () => {
    const taxpayer = generateTaxpayer(
      seed({ invoices: 3, largeFiles: { count: 1, xml: 1_000_003, pdf: 2_500_001 } }),
      'pad',
      0,
    );
    const files = new CfdiFiles();
    const [large, small] = taxpayer.invoices;
    if (!large || !small) throw new Error('missing invoices');
    const xml = await files.buffer(large, 'xml');
    const pdf = await files.buffer(large, 'pdf');
    expect(xml.length).toBe(1_000_003);
    expect(files.size(large, 'xml')).toBe(1_000_003);
    expect(xml.toString('utf8')).toMatch(
      /<cfdi:Addenda>[\s\S]*<\/cfdi:Addenda>\n<\/cfdi:Comprobante>\n$/,
    );
    expect(pdf.length).toBe(2_500_001);
    expect(pdfXrefIsExact(pdf)).toBe(true);
    expect((await files.buffer(small, 'xml')).length).toBeLessThan(10_000);
    expect((await files.digest(large, 'pdf')).size).toBe(2_500_001);
  });
});
