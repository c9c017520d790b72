import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundaryOf, MULTIPART_LIMITS, MultipartError, parseMultipart } from './multipart.ts';

const B = 'xYz-boundary';
const encode = (parts: { name: string; filename?: string; bytes: Buffer }[], boundary = B) =>
  Buffer.concat([
    ...parts.flatMap((p) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"\r\nContent-Type: image/png` : ''}\r\n\r\n`,
      ),
      p.bytes,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);

describe('multipart parser', () => {
  it('reads the boundary from the content type, and refuses missing or invalid ones', () => {
    expect(boundaryOf('multipart/form-data; boundary=----WebKitFormBoundaryA1b2')).toBe('----WebKitFormBoundaryA1b2');
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
    expect(boundaryOf(`multipart/form-data; boundary=${'a'.repeat(71)}`)).toBeUndefined();
    expect(boundaryOf('multipart/form-data; boundary=a<b')).toBeUndefined();
  });

  it('splits fields (repeated names become lists, prototype names dropped) and files, and skips an empty file input', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 13, 10, 45, 45]);
    const body = encode([
      { name: 'form_key', bytes: Buffer.from('k') },
      { name: '__proto__', bytes: Buffer.from('polluted') },
      { name: 'tag', bytes: Buffer.from('a') },
      { name: 'tag', bytes: Buffer.from('å') },
      { name: 'images', filename: 'a.png', bytes: png },
      { name: 'images', filename: '', bytes: Buffer.alloc(0) },
    ]);
    const parsed = parseMultipart(body, B);
    expect(parsed.fields).toEqual({ form_key: 'k', tag: ['a', 'å'] });
    expect(Object.getPrototypeOf(parsed.fields)).toBe(Object.prototype);
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toMatchObject({ field: 'images', filename: 'a.png', declaredType: 'image/png' });
    expect(parsed.files[0]!.bytes.equals(png)).toBe(true);
  });

  it('round-trips any fields and file bytes (bytes that almost look like the boundary included)', () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/);
    const part = fc.record({ name, file: fc.boolean(), bytes: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) });
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), (parts) => {
        const withTraps = parts.map((p, i) => ({
          ...p,
          bytes: i % 3 === 0 ? Buffer.concat([p.bytes, Buffer.from(`\r\n--${B.slice(0, -1)}\r\n--`)]) : p.bytes,
        }));
        const body = encode(
          withTraps.map((p) => ({ name: p.name, filename: p.file ? 'f.bin' : undefined, bytes: p.file ? p.bytes : Buffer.from(p.bytes.toString('hex')) })),
        );
        const parsed = parseMultipart(body, B);
        const files = withTraps.filter((p) => p.file);
        expect(parsed.files.map((f) => f.bytes.toString('hex'))).toEqual(files.map((p) => p.bytes.toString('hex')));
      }),
      { numRuns: 300 },
    );
  });

  it('throws only MultipartError on malformed or hostile bodies', () => {
    const bad = [
      '',
      'garbage',
      `--${B}`,
      `--${B}\r\n`,
      `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end`,
      `--${B}\r\nX-Nothing\r\n\r\nv\r\n--${B}--`,
      `--${B}\r\nContent-Disposition: attachment; name="a"\r\n\r\nv\r\n--${B}--`,
      `--${B}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--${B}--`,
      `--${B}\r\nContent-Disposition: form-data; name="${'h'.repeat(MULTIPART_LIMITS.headerBytes)}"\r\n\r\nv\r\n--${B}--`,
      `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'v'.repeat(MULTIPART_LIMITS.fieldBytes + 1)}\r\n--${B}--`,
      `${`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n`.repeat(MULTIPART_LIMITS.parts + 1)}--${B}--`,
    ];
    for (const b of bad) expect(() => parseMultipart(Buffer.from(b), B), b.slice(0, 60)).toThrow(MultipartError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, prefixed) => {
        const body = prefixed ? Buffer.concat([Buffer.from(`--${B}\r\n`), Buffer.from(bytes)]) : Buffer.from(bytes);
        try {
          parseMultipart(body, B);
        } catch (err) {
          expect(err).toBeInstanceOf(MultipartError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
