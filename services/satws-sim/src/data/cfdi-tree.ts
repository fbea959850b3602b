import { createPrng } from './prng.js';
import type { Concept, SatInvoice } from './sat-types.js';
import { el, type XmlNode } from './xml-node.js';

const NS = {
  'xmlns:cfdi': 'http://www.sat.gob.mx/cfd/4',
  'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  'xmlns:pago20': 'http://www.sat.gob.mx/Pagos20',
  'xmlns:nomina12': 'http://www.sat.gob.mx/nomina12',
};
const SCHEMA_LOCATION =
  'http://www.sat.gob.mx/cfd/4 http://www.sat.gob.mx/sitio_internet/cfd/4/cfdv40.xsd';

export const money = (cents: number): string => (cents / 100).toFixed(2);

interface Seals {
  base64(bytes: number): string;
  certificateNumber(): string;
}

/** Seal, certificate and certificate numbers: random-looking but fixed by the invoice's seed. */
function sealsFor(invoice: SatInvoice): Seals {
  const prng = createPrng(`${invoice.contentSeed}|seals`);
  return {
    base64(bytes) {
      const buffer = new Uint8Array(bytes);
      prng.fill(buffer);
      return Buffer.from(buffer).toString('base64');
    },
    certificateNumber: () =>
      `3000100000${Array.from({ length: 10 }, () => prng.int(0, 9)).join('')}`,
  };
}

/** The CFDI 4.0 document of an invoice, stamped (TimbreFiscalDigital with the upper-case UUID). */
export function cfdiTree(invoice: SatInvoice): XmlNode {
  const seals = sealsFor(invoice);
  const certificateNumber = seals.certificateNumber();
  const certificate = seals.base64(1380);
  const sello = seals.base64(256);
  const attrs: Array<[string, string | null]> = [
    ...rootAttrs(invoice),
    ['NoCertificado', certificateNumber],
    ['Certificado', certificate],
    ['Sello', sello],
  ];
  return el('cfdi:Comprobante', attrs, [
    el('cfdi:Emisor', [
      ['Rfc', invoice.issuer.rfc],
      ['Nombre', invoice.issuer.name],
      ['RegimenFiscal', String(invoice.issuer.taxRegime)],
    ]),
    el('cfdi:Receptor', [
      ['Rfc', invoice.receiver.rfc],
      ['Nombre', invoice.receiver.name],
      ['DomicilioFiscalReceptor', invoice.receiver.zip],
      ['RegimenFiscalReceptor', String(invoice.receiver.taxRegime)],
      ['UsoCFDI', invoice.usage ?? 'S01'],
    ]),
    el('cfdi:Conceptos', [], invoice.concepts.map(conceptNode)),
    ...(invoice.taxCents > 0 ? [taxesNode(invoice)] : []),
    el('cfdi:Complemento', [], [...complementNodes(invoice), stampNode(invoice, sello, seals)]),
  ]);
}

function stampNode(invoice: SatInvoice, sello: string, seals: Seals): XmlNode {
  return el('tfd:TimbreFiscalDigital', [
    ['xmlns:tfd', 'http://www.sat.gob.mx/TimbreFiscalDigital'],
    [
      'xsi:schemaLocation',
      'http://www.sat.gob.mx/TimbreFiscalDigital http://www.sat.gob.mx/sitio_internet/cfd/TimbreFiscalDigital/TimbreFiscalDigitalv11.xsd',
    ],
    ['Version', '1.1'],
    ['UUID', invoice.uuid.toUpperCase()],
    ['FechaTimbrado', invoice.certifiedAt],
    ['RfcProvCertif', invoice.pac],
    ['SelloCFD', sello],
    ['NoCertificadoSAT', seals.certificateNumber()],
    ['SelloSAT', seals.base64(256)],
  ]);
}

function rootAttrs(invoice: SatInvoice): Array<[string, string | null]> {
  const priced = invoice.type === 'I' || invoice.type === 'E' || invoice.type === 'N';
  return [
    ...Object.entries(NS),
    ['xsi:schemaLocation', SCHEMA_LOCATION],
    ['Version', '4.0'],
    ['Serie', invoice.serie],
    ['Folio', invoice.folio],
    ['Fecha', invoice.issuedAt],
    ['FormaPago', priced ? invoice.paymentMethod : null],
    ['SubTotal', money(invoice.subtotalCents)],
    ['Descuento', invoice.discountCents > 0 ? money(invoice.discountCents) : null],
    ['Moneda', invoice.currency],
    ['TipoCambio', invoice.exchangeRate === null ? null : invoice.exchangeRate.toFixed(2)],
    ['Total', money(invoice.totalCents)],
    ['TipoDeComprobante', invoice.type],
    ['Exportacion', '01'],
    ['MetodoPago', priced ? invoice.paymentType : null],
    ['LugarExpedicion', invoice.issuer.zip],
  ];
}

function conceptNode(concept: Concept): XmlNode {
  const taxed = concept.taxObject === '02';
  const base = money(concept.amountCents);
  return el(
    'cfdi:Concepto',
    [
      ['ClaveProdServ', concept.productCode],
      ['Cantidad', String(concept.quantity)],
      ['ClaveUnidad', concept.unitCode],
      ['Unidad', concept.unit],
      ['Descripcion', concept.description],
      ['ValorUnitario', money(concept.unitPriceCents)],
      ['Importe', base],
      ['ObjetoImp', concept.taxObject],
    ],
    taxed
      ? [el('cfdi:Impuestos', [], [el('cfdi:Traslados', [], [trasladoNode(concept.amountCents)])])]
      : [],
  );
}

function trasladoNode(baseCents: number): XmlNode {
  return el('cfdi:Traslado', [
    ['Base', money(baseCents)],
    ['Impuesto', '002'],
    ['TipoFactor', 'Tasa'],
    ['TasaOCuota', '0.160000'],
    ['Importe', money(Math.round(baseCents * 0.16))],
  ]);
}

function taxesNode(invoice: SatInvoice): XmlNode {
  const base = invoice.concepts
    .filter((c) => c.taxObject === '02')
    .reduce((sum, c) => sum + c.amountCents, 0);
  return el(
    'cfdi:Impuestos',
    [['TotalImpuestosTrasladados', money(invoice.taxCents)]],
    [
      el(
        'cfdi:Traslados',
        [],
        [
          el('cfdi:Traslado', [
            ['Base', money(base)],
            ['Impuesto', '002'],
            ['TipoFactor', 'Tasa'],
            ['TasaOCuota', '0.160000'],
            ['Importe', money(invoice.taxCents)],
          ]),
        ],
      ),
    ],
  );
}

function complementNodes(invoice: SatInvoice): XmlNode[] {
  if (invoice.type === 'P') {
    const amount = money(invoice.paymentCents);
    const related = createPrng(`${invoice.contentSeed}|related`)
      .uint32()
      .toString(16)
      .padStart(8, '0');
    return [
      el(
        'pago20:Pagos',
        [['Version', '2.0']],
        [
          el('pago20:Totales', [['MontoTotalPagos', amount]]),
          el(
            'pago20:Pago',
            [
              ['FechaPago', invoice.issuedAt],
              ['FormaDePagoP', '03'],
              ['MonedaP', 'MXN'],
              ['TipoCambioP', '1'],
              ['Monto', amount],
            ],
            [
              el('pago20:DoctoRelacionado', [
                ['IdDocumento', `${related.toUpperCase()}-0000-4000-8000-000000000000`],
                ['MonedaDR', 'MXN'],
                ['EquivalenciaDR', '1'],
                ['NumParcialidad', '1'],
                ['ImpSaldoAnt', amount],
                ['ImpPagado', amount],
                ['ImpSaldoInsoluto', '0.00'],
                ['ObjetoImpDR', '01'],
              ]),
            ],
          ),
        ],
      ),
    ];
  }
  if (invoice.type === 'N') {
    return [
      el('nomina12:Nomina', [
        ['Version', '1.2'],
        ['TipoNomina', 'O'],
        ['FechaPago', invoice.issuedAt.slice(0, 10)],
        ['TotalPercepciones', money(invoice.subtotalCents)],
        ['TotalDeducciones', money(invoice.discountCents)],
      ]),
    ];
  }
  return [];
}
