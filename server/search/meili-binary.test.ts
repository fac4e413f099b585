import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertFileSha256 } from './meili-binary.ts';

describe('assertFileSha256', () => {
  let dir: string;
  let file: string;
  const content = 'pretend this is a Meilisearch binary';
  const goodHash = createHash('sha256').update(content).digest('hex');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kopir-sha-'));
    file = join(dir, 'meilisearch');
    await writeFile(file, content);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('accepts a file whose sha256 matches', async () => {
    await expect(assertFileSha256(file, goodHash)).resolves.toBeUndefined();
  });

  it('refuses a file whose sha256 differs, and says how to run Meilisearch instead', async () => {
    const wrongHash = '0'.repeat(64);
    await expect(assertFileSha256(file, wrongHash)).rejects.toThrow(/Refusing to run .*sha256 is [0-9a-f]{64}/);
    await expect(assertFileSha256(file, wrongHash)).rejects.toThrow(/MEILI_URL/);
  });

  it('hashes a replaced file again instead of trusting an earlier check', async () => {
    const other = join(dir, 'replaced');
    await writeFile(other, content);
    await assertFileSha256(other, goodHash);
    await writeFile(other, `${content} with a payload appended`);
    await expect(assertFileSha256(other, goodHash)).rejects.toThrow(/Refusing to run/);
  });
});
