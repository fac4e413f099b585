import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FileStorage } from './storage.port.ts';

/** An upload as the multipart plugin streams it; `truncated` turns true when the size limit cut it. */
export interface IncomingFile {
  fileName: string;
  stream: Readable & { truncated?: boolean };
}

const PDF_MAGIC = Buffer.from('%PDF-');

/** Passes the bytes through once the first five prove a PDF; a renamed .exe stops at its first chunk. */
export async function* requirePdf(source: AsyncIterable<Buffer>, notPdf: () => Error): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of source) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < PDF_MAGIC.length) continue;
    if (!head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) throw notPdf();
    checked = true;
    yield head;
  }
  if (!checked) throw notPdf();
}

/** File names are shown and sent back in a header: keep them short and printable. */
export const cleanFileName = (name: string) => (name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').trim().slice(-200) || 'attachment.pdf');

/**
 * Streams an upload into storage under `key` if it is a PDF within the size limit; a refused upload
 * leaves nothing behind. Each domain passes its own errors (their codes name the domain).
 */
export async function storePdf(storage: FileStorage, key: string, file: IncomingFile, refuse: { notPdf: () => Error; tooLarge: () => Error }) {
  const { sizeBytes } = await storage.put(key, requirePdf(file.stream, refuse.notPdf));
  if (file.stream.truncated) {
    await storage.delete(key);
    throw refuse.tooLarge();
  }
  return { sizeBytes, fileName: cleanFileName(file.fileName) };
}

/** Sends a stored PDF as a download, never shown inline, never cached by shared caches. */
export function sendPdfDownload(reply: FastifyReply, { fileName, sizeBytes, stream }: { fileName: string; sizeBytes: number; stream: Readable }) {
  const asciiName = fileName.replace(/[^\x20-\x7e]/g, '_');
  return reply
    .header('content-type', 'application/pdf')
    .header('content-length', sizeBytes)
    .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(stream);
}
