/**
 * `--show-results`: the dashboard opened in a browser, or, where none can be opened (a server, a container),
 * served from the output folder on a local port until interrupted, with its address printed.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.jsonl': 'application/x-ndjson' };

/**
 * Opens `page` (a file inside `root`) in the desktop's browser; when there is none, serves `root` on 127.0.0.1.
 * @returns once the browser was started, or never while serving (the process ends on Ctrl+C).
 */
export async function showResults(root: string, page: string, write: (text: string) => void): Promise<void> {
  if (await openInBrowser(page)) {
    write(`loganomaly: opened ${page}\n`);
    return;
  }
  const url = await serve(root, relative(root, page));
  write(`loganomaly: no browser to open here; the dashboard is served at ${url} (Ctrl+C to stop)\n`);
  await new Promise(() => {});
}

/** Starts the platform's opener; false when there is no desktop to open on. */
async function openInBrowser(page: string): Promise<boolean> {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return false;
  return new Promise((resolvePromise) => {
    const child = spawn(opener, [page], { stdio: 'ignore', detached: true });
    child.on('error', () => resolvePromise(false));
    child.on('spawn', () => {
      child.unref();
      resolvePromise(true);
    });
  });
}

/** Serves the files under `root` (nothing outside it) on a free loopback port; resolves with the page's URL. */
export async function serve(root: string, page: string): Promise<string> {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    const path = normalize(join(base, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)));
    const inside = path === base || path.startsWith(`${base}${sep}`);
    const file = inside ? await stat(path).catch(() => undefined) : undefined;
    if (!file?.isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(response);
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/${page.split(sep).map(encodeURIComponent).join('/')}`;
}
