import type { ProposalAttachment } from '../../../shared/schemas/proposals.ts';
import type { ProposalAttachmentRow } from './proposals.table.ts';

export const toAttachment = (row: ProposalAttachmentRow): ProposalAttachment => ({
  id: row.id, fileName: row.fileName, sizeBytes: row.sizeBytes, contentType: 'application/pdf', createdAt: row.createdAt.toISOString(),
});
