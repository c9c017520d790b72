/**
 * A small multipart/form-data parser (RFC 7578) over a body already buffered within a size limit (decision 017).
 * It only splits: fields become strings (UTF-8), file parts keep their bytes, name, declared type and file name.
 * Limits on parts and header size keep a hostile body cheap; anything malformed is a MultipartError (a 400).
 */

export interface MultipartFile {
  field: string;
  filename: string;
  /** The type the browser declared; never trusted (the image is read by its content). */
  declaredType: string;
  bytes: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string | string[]>;
  files: MultipartFile[];
}

export class MultipartError extends Error {
  readonly statusCode = 400;
}

export const MULTIPART_LIMITS = { parts: 100, headerBytes: 2048, fieldBytes: 100_000 } as const;

/** The boundary from a Content-Type header, or undefined when absent or not allowed by RFC 2046 (1–70 characters). */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /;\s*boundary=(?:"([^"]*)"|([^\s;]*))/i.exec(contentType ?? '');
  const b = m?.[1] ?? m?.[2];
  return b && b.length <= 70 && /^[0-9A-Za-z'()+_,\-./:=? ]+$/.test(b) ? b : undefined;
}

interface PartHeaders {
  name: string;
  filename?: string;
  type: string;
}

/** Reads a parameter of Content-Disposition (quoted or token); quotes escaped with a backslash are unescaped. */
function param(header: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

function partHeaders(raw: string): PartHeaders {
  let disposition = '';
  let type = 'text/plain';
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('A part header is malformed.');
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') type = value.toLowerCase();
  }
  if (!/^form-data\b/i.test(disposition)) throw new MultipartError('A part has no form-data disposition.');
  const name = param(disposition, 'name');
  if (name === undefined || name === '') throw new MultipartError('A part has no name.');
  const filename = param(disposition, 'filename');
  return { name, filename, type };
}

function addField(fields: MultipartBody['fields'], name: string, value: string) {
  // Names no form uses and that would reach an object's prototype when copied by assignment.
  if (name === '__proto__' || name === 'constructor' || name === 'prototype') return;
  const prev = fields[name];
  if (prev === undefined) fields[name] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else fields[name] = [prev, value];
}

/** Splits a buffered multipart body. Throws MultipartError on anything that is not well-formed. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: MultipartBody['fields'] = Object.create(null);
  const files: MultipartFile[] = [];
  let pos = body.indexOf(delimiter);
  if (pos !== 0 && !(pos > 0 && body.subarray(pos - 2, pos).toString('latin1') === '\r\n'))
    throw new MultipartError('The form data does not start with its boundary.');
  const next = Buffer.from(`\r\n--${boundary}`);
  for (let parts = 0; ; parts++) {
    pos += delimiter.length;
    const after = body.subarray(pos, pos + 2).toString('latin1');
    if (after === '--') break;
    if (after !== '\r\n') throw new MultipartError('A boundary line is malformed.');
    if (parts >= MULTIPART_LIMITS.parts) throw new MultipartError('The form has too many parts.');
    const headStart = pos + 2;
    const headEnd = body.indexOf('\r\n\r\n', headStart, 'latin1');
    if (headEnd < 0 || headEnd - headStart > MULTIPART_LIMITS.headerBytes) throw new MultipartError('A part header is missing or too long.');
    const headers = partHeaders(body.subarray(headStart, headEnd).toString('utf8'));
    const end = body.indexOf(next, headEnd + 4);
    if (end < 0) throw new MultipartError('The form data ends before its closing boundary.');
    const content = body.subarray(headEnd + 4, end);
    if (headers.filename !== undefined) {
      // A file input left empty is sent as a part with an empty name and no bytes: nothing was chosen.
      if (headers.filename !== '' || content.length > 0)
        files.push({ field: headers.name, filename: headers.filename, declaredType: headers.type, bytes: Buffer.from(content) });
    } else {
      if (content.length > MULTIPART_LIMITS.fieldBytes) throw new MultipartError('A form field is too long.');
      addField(fields, headers.name, content.toString('utf8'));
    }
    pos = end + 2;
  }
  return { fields: { ...fields }, files };
}
