import { createHash } from 'node:crypto';
import yauzl from 'yauzl';

export interface ZipEntryDigest {
  name: string;
  size: number;
  sha256: string;
  content?: Buffer;
}

/** Every entry of a ZIP held in `buffer`, hashed (and kept whole when `keep` says so). */
export function readZip(
  buffer: Buffer,
  keep: (name: string) => boolean = () => false,
): Promise<ZipEntryDigest[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a zip'));
      const entries: ZipEntryDigest[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (openError, stream) => {
          if (openError || !stream) return reject(openError ?? new Error('no stream'));
          const hash = createHash('sha256');
          const parts: Buffer[] = [];
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            hash.update(chunk);
            size += chunk.length;
            if (keep(entry.fileName)) parts.push(chunk);
          });
          stream.on('error', reject);
          stream.on('end', () => {
            const digest: ZipEntryDigest = {
              name: entry.fileName,
              size,
              sha256: hash.digest('hex'),
            };
            if (keep(entry.fileName)) digest.content = Buffer.concat(parts);
            entries.push(digest);
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
