import type { Prng } from './prng.js';

/** Word lists for company and person names that read like real Mexican taxpayers. */
const COMPANY_HEADS = [
  'COMERCIALIZADORA',
  'DISTRIBUIDORA',
  'SERVICIOS',
  'GRUPO',
  'CONSTRUCTORA',
  'TRANSPORTES',
  'INDUSTRIAS',
  'ALIMENTOS',
  'TECNOLOGIA',
  'CONSULTORES',
  'IMPORTADORA',
  'LOGISTICA',
];
const COMPANY_TAILS = [
  'DEL NORTE',
  'DEL BAJIO',
  'DEL PACIFICO',
  'AZTECA',
  'MONTERREY',
  'INTEGRALES',
  'DE OCCIDENTE',
  'PENINSULAR',
  'DEL GOLFO',
  'METROPOLITANA',
  'ANDARES',
  'SIERRA MADRE',
];
const LEGAL_FORMS = ['SA DE CV', 'S DE RL DE CV', 'SAPI DE CV', 'SC'];
const GIVEN_NAMES = ['MARIA', 'JOSE', 'JUAN', 'GUADALUPE', 'FERNANDO', 'ANA', 'LUIS', 'SOFIA'];
const SURNAMES = [
  'HERNANDEZ',
  'GARCIA',
  'MARTINEZ',
  'LOPEZ',
  'GONZALEZ',
  'PEREZ',
  'RAMIREZ',
  'CRUZ',
];

export function companyName(prng: Prng): string {
  return `${prng.pick(COMPANY_HEADS)} ${prng.pick(COMPANY_TAILS)} ${prng.pick(LEGAL_FORMS)}`;
}

export function personName(prng: Prng): string {
  return `${prng.pick(GIVEN_NAMES)} ${prng.pick(SURNAMES)} ${prng.pick(SURNAMES)}`;
}

export const CONCEPT_DESCRIPTIONS = [
  'Servicio de consultoria administrativa',
  'Mantenimiento preventivo de equipo',
  'Licencia anual de software',
  'Material de oficina',
  'Arrendamiento de local comercial',
  'Flete terrestre nacional',
  'Equipo de computo portatil',
  'Capacitacion de personal',
  'Refacciones industriales',
  'Publicidad en medios digitales',
] as const;
