// Prints the text pdf.js extracts from each page of a PDF, a line per
// text item's end of line, as a reader copying or searching would get it.
// Usage: node text.js FILE.pdf
'use strict';
const fs = require('fs');
const pdfjs = require('pdfjs-dist/legacy/build/pdf.js');

async function main() {
  const data = new Uint8Array(fs.readFileSync(process.argv[2]));
  const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    console.log(content.items.map((item) => item.str + (item.hasEOL ? '\n' : '')).join(''));
  }
  await doc.destroy();
}

main().catch((e) => { console.error(`${process.argv[2]}: pdf.js failed: ${e}`); process.exit(1); });
