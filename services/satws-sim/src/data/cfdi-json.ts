import { cfdiTree } from './cfdi-tree.js';
import type { SatInvoice } from './sat-types.js';
import type { XmlNode } from './xml-node.js';

type JsonValue = string | number | JsonObject | JsonObject[];
interface JsonObject {
  [key: string]: JsonValue;
}

/** Elements the upstream always renders as lists, even with one item (OAS InvoiceCFDI example). */
const ALWAYS_LISTS = new Set(['Concepto']);
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * `GET /invoices/{id}/cfdi` as JSON: the XML converted with CFDI attribute names, namespaces
 * dropped and numbers as numbers — the shape of the OAS `InvoiceCFDI` example. Codes with leading
 * zeros ("002", "01") stay strings so they keep their meaning.
 */
export function cfdiJson(invoice: SatInvoice): JsonObject {
  return nodeToJson(cfdiTree(invoice));
}

function nodeToJson(node: XmlNode): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of node.attrs) {
    if (key.startsWith('xmlns') || key.startsWith('xsi:')) continue;
    result[key] = NUMBER.test(value) && value.length < 16 ? Number(value) : value;
  }
  const groups = new Map<string, JsonObject[]>();
  for (const child of node.children) {
    const name = localName(child.name);
    groups.set(name, [...(groups.get(name) ?? []), nodeToJson(child)]);
  }
  for (const [name, items] of groups) {
    const [first] = items;
    result[name] =
      ALWAYS_LISTS.has(name) || items.length > 1 || first === undefined ? items : first;
  }
  return result;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
