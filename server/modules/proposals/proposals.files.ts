import type { Readable } from 'node:stream';
import type { ProposalAttachment } from '../../../shared/schemas/proposals.ts';
import type { ProposalAttachmentRow } from './proposals.table.ts';
import { attachmentNotPdf } from './proposals.errors.ts';

/** An upload as the multipart plugin streams it; `truncated` turns true when the size limit cut it. */
export interface IncomingFile {
  fileName: string;
  stream: Readable & { truncated?: boolean };
}

const PDF_MAGIC = Buffer.from('%PDF-');

/** Passes the bytes through once the first five prove a PDF; a renamed .exe stops at its first chunk. */
export async function* requirePdf(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of source) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < PDF_MAGIC.length) continue;
    if (!head.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) throw attachmentNotPdf();
    checked = true;
    yield head;
  }
  if (!checked) throw attachmentNotPdf();
}

/** File names are shown and sent back in a header: keep them short and printable. */
export const cleanFileName = (name: string) => (name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').trim().slice(-200) || 'attachment.pdf');

export const toAttachment = (row: ProposalAttachmentRow): ProposalAttachment => ({
  id: row.id, fileName: row.fileName, sizeBytes: row.sizeBytes, contentType: 'application/pdf', createdAt: row.createdAt.toISOString(),
});
