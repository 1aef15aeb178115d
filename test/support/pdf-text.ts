import { execFile } from 'node:child_process';
import { PROJECT_ROOT } from '../../kernel/paths';

/**
 * The text of each page of a PDF, read back with pdf.js (pdfjs-dist, a dev dependency). pdf.js
 * is an ES module that loads its worker with a dynamic import, which Jest's module system cannot
 * run, so it reads the PDF in a plain Node process.
 */
export function pdfText(pdf: Buffer): Promise<string[]> {
  const script = `
    import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => item.str + (item.hasEOL ? '\\n' : ' ')).join(''));
    }
    process.stdout.write(JSON.stringify(pages));`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pdf.js could not read the PDF: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as string[]);
    });
    child.stdin!.end(pdf);
  });
}
