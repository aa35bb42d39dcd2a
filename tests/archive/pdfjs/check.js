// Opens an archival PDF with pdf.js and prints what a reader would get:
// the document language, the outline, the structure tree of every page
// and the attachments. Exits 1 with a message when one is missing, so
// pdfjs.sh can say which. Usage: node check.js FILE.pdf LANG [outline]
// (outline: the document must have bookmarks, as service descriptions do)
'use strict';
const fs = require('fs');
const pdfjs = require('pdfjs-dist/legacy/build/pdf.js');

function count(node, role) {
  if (!node || typeof node !== 'object') return 0;
  let n = node.role === role ? 1 : 0;
  for (const child of node.children || []) n += count(child, role);
  return n;
}

async function main() {
  const [file, lang, wantOutline] = process.argv.slice(2);
  const data = new Uint8Array(fs.readFileSync(file));
  const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
  const problems = [];
  const { info } = await doc.getMetadata();
  if (!info.Language || !(info.Language === lang || info.Language.startsWith(lang + '-'))) problems.push(`language is ${info.Language}, expected ${lang}`);
  const outline = await doc.getOutline();
  if (wantOutline === 'outline' && (!outline || outline.length === 0)) problems.push('no outline');
  let paragraphs = 0;
  let headings = 0;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const tree = await page.getStructTree();
    if (!tree) {
      problems.push(`page ${i} has no structure tree`);
      continue;
    }
    paragraphs += count(tree, 'P');
    for (const h of ['H1', 'H2', 'H3']) headings += count(tree, h);
  }
  if (paragraphs === 0) problems.push('no P in the structure tree');
  if (headings === 0) problems.push('no heading in the structure tree');
  const attachments = await doc.getAttachments();
  const source = attachments && attachments['document.xml'];
  if (!source) problems.push('no document.xml attachment');
  else if (!Buffer.from(source.content).toString('utf8').includes('urn:pliego:document'))
    problems.push('document.xml is not a pliego document');
  console.log(`${file}: language ${info.Language}, ${outline ? outline.length : 0} outline entries, ` +
              `${paragraphs} P and ${headings} headings in the structure tree, ` +
              `attachments: ${Object.keys(attachments || {}).join(', ')}`);
  for (const p of problems) console.error(`${file}: ${p}`);
  await doc.destroy();
  process.exit(problems.length ? 1 : 0);
}

main().catch((e) => { console.error(`${process.argv[2]}: pdf.js failed: ${e}`); process.exit(1); });
