import { crc32 } from 'node:zlib';
import { waitFor } from '@invoice-extractor/test-support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { type RunningSimulator, startSimulator } from '../src/index.js';
import { type ApiClient, apiClient, entityIdOf } from './support/api.js';
import type { Json } from './support/extractions.js';

const RFC = 'EKU9003173C9';
const BOTH = ['invoice.cfdi.xml', 'invoice.cfdi.pdf'];

interface EntryCheck {
  name: string;
  size: number;
  /** The CRC-32 of the bytes served, beside the one the central directory declares. */
  crcMatches: boolean;
}

/** Every entry of a ZIP held in memory, with whether its bytes match its declared CRC-32. */
function checkEntries(zip: Buffer): Promise<EntryCheck[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error ?? new Error('not a zip'));
      const entries: EntryCheck[] = [];
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (openError, stream) => {
          if (openError || !stream) return reject(openError ?? new Error('no stream'));
          let crc = 0;
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            crc = crc32(chunk, crc);
            size += chunk.length;
          });
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ name: entry.fileName, size, crcMatches: crc >>> 0 === entry.crc32 });
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(entries));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

describe('export fault knobs', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  let uri: string;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: {
        randomSeed: 'export-faults',
        taxpayers: [{ rfc: RFC, invoices: 6, extracted: true }],
      },
    });
    api = apiClient(sim);
    uri = `/entities/${await entityIdOf(api, RFC)}/invoices`;
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const settle = async () => {
    const created = await api.post<Json>('/exports', { format: 'json', uri, fileTypes: BOTH });
    return waitFor('export settled', async () => {
      const current = (await api.get<Json>(`/exports/${created.body.id}`)).body;
      return current.status === 'finished' || current.status === 'failed' ? current : undefined;
    });
  };
  const download = async (file: Json) => {
    const redirect = await api.get(`/files/${file.id}/download`);
    const blob = await fetch(redirect.headers.get('location') ?? '');
    return Buffer.from(await blob.arrayBuffer());
  };

  it('export-entries leaves entries out and damages others after their CRC-32 was taken', async () => {
    sim.admin.addFault({ kind: 'export-entries', format: 'xml', omit: 2, corrupt: 1, count: 1 });
    const done = await settle();
    const file = done.file as Json;
    const zip = await download(file);
    expect(zip.length).toBe(file.size);
    const entries = await checkEntries(zip);
    const names = entries.map((entry) => entry.name);
    expect(names.filter((name) => name.endsWith('.xml'))).toHaveLength(6 - 2);
    expect(names.filter((name) => name.endsWith('.pdf'))).toHaveLength(6);
    expect(entries.filter((entry) => !entry.crcMatches).map((entry) => entry.name)).toEqual([
      expect.stringMatching(/\.xml$/),
    ]);
    const truth = (await sim.admin.truth(RFC)).taxpayers[0]?.invoices ?? [];
    const damaged = entries.find((entry) => !entry.crcMatches);
    const uuid = damaged?.name.replace('.xml', '').toLowerCase();
    // Same size as the real document: only the bytes are wrong.
    expect(damaged?.size).toBe(truth.find((invoice) => invoice.uuid === uuid)?.xml.size);
    // The rule was for one export: the next is whole again.
    const next = await checkEntries(await download((await settle()).file as Json));
    expect(next).toHaveLength(13);
    expect(next.every((entry) => entry.crcMatches)).toBe(true);
  });

  it('export-failure fails the export with no file', async () => {
    sim.admin.addFault({ kind: 'export-failure', count: 1 });
    const failed = await settle();
    expect(failed).toMatchObject({ status: 'failed', file: null });
  });
});

describe('export ZIP size', () => {
  it('is declared exactly for an export of more than 700 entries (a central directory past 64 KiB)', async () => {
    const sim = await startSimulator({
      seed: {
        randomSeed: 'export-size',
        taxpayers: [{ rfc: RFC, invoices: 400, extracted: true }],
      },
    });
    try {
      const api = apiClient(sim);
      const uri = `/entities/${await entityIdOf(api, RFC)}/invoices`;
      const created = await api.post<Json>('/exports', { format: 'json', uri, fileTypes: BOTH });
      const done = await waitFor('export finished', async () => {
        const current = (await api.get<Json>(`/exports/${created.body.id}`)).body;
        return current.status === 'finished' ? current : undefined;
      });
      const redirect = await api.get(`/files/${(done.file as Json).id}/download`);
      const blob = await fetch(redirect.headers.get('location') ?? '');
      const zip = Buffer.from(await blob.arrayBuffer());

      expect(zip.length).toBe((done.file as Json).size);
      expect(Number(blob.headers.get('content-length'))).toBe(zip.length);
      expect(await checkEntries(zip)).toHaveLength(801);
    } finally {
      await sim.stop();
    }
  });
});
