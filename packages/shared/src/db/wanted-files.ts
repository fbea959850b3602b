/**
 * SQL condition: file `f` is one extraction `e` asked for. Another extraction may have created
 * the PDF row of a shared invoice; an XML-only extraction neither counts nor waits for it.
 */
export function wantedFile(extraction: string, file: string): string {
  return `((${file}.kind = 'xml' and ${extraction}.want_xml) or (${file}.kind = 'pdf' and ${extraction}.want_pdf))`;
}
