/**
 * Namespace URIs of the documents SAT stamps, from Anexo 20 (CFDI 3.2/3.3/4.0) and the
 * Retenciones e Información de Pagos standard (1.0/2.0). Elements are matched by URI and local
 * name, never by prefix: issuers are free to bind any prefix (or none) to these URIs.
 */
const COMPROBANTE_NAMESPACES = ['http://www.sat.gob.mx/cfd/3', 'http://www.sat.gob.mx/cfd/4'];
const RETENCIONES_NAMESPACES = [
  'http://www.sat.gob.mx/esquemas/retencionpago/1',
  'http://www.sat.gob.mx/esquemas/retencionpago/2',
];

export const TIMBRE_NAMESPACE = 'http://www.sat.gob.mx/TimbreFiscalDigital';
export const TIMBRE_ELEMENT = 'TimbreFiscalDigital';
/** Both roots keep their stamp in a `Complemento` child of the root, in the root's namespace. */
export const COMPLEMENTO_ELEMENT = 'Complemento';

export function isCfdiRoot(uri: string, local: string): boolean {
  if (local === 'Comprobante') return COMPROBANTE_NAMESPACES.includes(uri);
  if (local === 'Retenciones') return RETENCIONES_NAMESPACES.includes(uri);
  return false;
}
