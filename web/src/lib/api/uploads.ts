// Uploads with progress go through XMLHttpRequest: fetch cannot report upload progress in browsers
// without request streams over HTTP/2. One file as multipart/form-data, after its text fields.
import { ApiError, getCsrfToken } from './http.ts';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  /** Text fields sent before the file (the server reads them before streaming it). */
  fields?: Record<string, string>;
  onProgress: (progress: UploadProgress) => void;
  /** The error code for a 413 the server had no time to explain (the proxy or the limit cut it). */
  tooLargeCode: string;
  signal?: AbortSignal;
}

/** POSTs `file` in the field "file" to `/api${path}`; rejects with ApiError like the JSON client. */
export function uploadFile<T>(path: string, file: File, { fields = {}, onProgress, tooLargeCode, signal }: UploadOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.setRequestHeader('accept', 'application/json');
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(payload as T);
      const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      reject(new ApiError(xhr.status, error?.code ?? (xhr.status === 413 ? tooLargeCode : 'unknown'), error?.message ?? `HTTP ${xhr.status}`, error?.details));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
