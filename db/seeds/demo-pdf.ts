const titles = {
  financials: "Financial statements (demo)",
  disclosure: "Disclosure document (demo)",
  identity: "Identity document (demo)",
};

/** A small valid one-page PDF (for the demo's equity documents and investors' ID documents). */
export function demoPdf(owner: string, kind: keyof typeof titles): Buffer {
  const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, "").replace(/[()\\]/g, "");
  const lines = [
    ascii(owner) || "Demo",
    titles[kind],
    "This document is sample content generated for the Seedfund demo.",
  ];
  const content = `BT /F1 18 Tf 72 740 Td (${lines[0]}) Tj 0 -28 Td /F1 13 Tf (${lines[1]}) Tj 0 -22 Td (${lines[2]}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}
