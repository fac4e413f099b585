import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { invalidInput } from '../errors.ts';

/**
 * The first part of a multipart upload, or none when the request is not multipart. A body the
 * parser cannot read (no boundary, cut short) is the sender's mistake: 400 with the parser's reason,
 * not a 500. The plugin's own 4xx (too many parts, too large) pass through as they are.
 */
export async function firstUploadPart(request: FastifyRequest): Promise<MultipartFile | undefined> {
  if (!request.isMultipart()) return undefined;
  try {
    return await request.file();
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) throw error;
    throw invalidInput(`The upload could not be read as multipart/form-data (${(error as Error).message}). Send the file in the field "file".`);
  }
}
