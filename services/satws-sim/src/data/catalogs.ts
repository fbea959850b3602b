/** SAT catalog values used by the generator (c_UsoCFDI, c_FormaPago, c_RegimenFiscal, PACs). */
export const INVOICE_TYPES = ['I', 'E', 'P', 'N', 'T'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];

/** Share of each CFDI kind in a taxpayer's history when a seed does not narrow the types. */
export const TYPE_WEIGHTS: Record<InvoiceType, number> = { I: 60, E: 10, P: 15, N: 10, T: 5 };

export const USAGES = ['G01', 'G03', 'I04', 'D01', 'S01'] as const;
export const PAYMENT_METHODS = ['01', '02', '03', '04', '28', '99'] as const;
export const LEGAL_REGIMES = [601, 603, 620, 623, 624] as const;
export const PHYSICAL_REGIMES = [605, 606, 612, 621, 626] as const;
export const PACS = ['SAT970701NN3', 'CVD110412TF6', 'LSO1306189R5', 'SPR190613I52'] as const;
export const ZIP_CODES = ['01210', '06600', '44100', '64000', '86000', '54700', '76000'] as const;
export const CANCELLATION_STATUSES = [
  'Cancelable sin aceptación',
  'Cancelable con aceptación',
  'No cancelable',
] as const;
