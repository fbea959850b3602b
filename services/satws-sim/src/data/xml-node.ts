/** A minimal XML element tree: enough to print a CFDI and to convert it to JSON. */
export interface XmlNode {
  name: string;
  attrs: Array<[string, string]>;
  children: XmlNode[];
}

export function el(
  name: string,
  attrs: Array<[string, string | null | undefined]>,
  children: XmlNode[] = [],
): XmlNode {
  const present = attrs.filter(
    (pair): pair is [string, string] => pair[1] !== null && pair[1] !== undefined,
  );
  return { name, attrs: present, children };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export function renderOpenTag(node: XmlNode): string {
  const attrs = node.attrs.map(([key, value]) => ` ${key}="${escapeXml(value)}"`).join('');
  return `<${node.name}${attrs}`;
}

export function renderXml(node: XmlNode, indent = ''): string {
  const open = renderOpenTag(node);
  if (node.children.length === 0) return `${indent}${open}/>\n`;
  const inner = node.children.map((child) => renderXml(child, `${indent}  `)).join('');
  return `${indent}${open}>\n${inner}${indent}</${node.name}>\n`;
}
