import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `npm start` on a fresh clone builds the web app once; later starts find it built. */
export async function ensureWebBuilt(webDir: string): Promise<void> {
  if (fs.existsSync(path.join(webDir, 'index.html'))) return;
  if (webDir !== path.join(PROJECT_ROOT, 'web', 'build')) {
    throw new Error(`No web app at ${webDir} (KOPIR_WEB_DIR): build it with \`npm run build\` or unset KOPIR_WEB_DIR.`);
  }
  console.log('Building the web app (first start only)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`Building the web app failed (exit ${code}). Run \`npm run build\` to see why.`)),
    );
  });
}
