import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FILE_SCHEME, TOKEN_PATTERN } from '../shared/host-contract.ts';
import { SECURITY_HEADERS } from '../shared/security.ts';

/**
 * The two custom protocols' request handlers, as pure functions of (state, request) → Response.
 * No Electron import here, so they run (and are tested) in plain Node.
 */

/** The app's origin: the renderer is served from app://sluice/. */
export const APP_ORIGIN = 'app://sluice';

/** True for URLs on the app's own origin (custom schemes have an opaque `URL.origin`, so compare by hand). */
export function isAppUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** What the handlers read from a request (a web `Request` fits). */
export interface ProtocolRequest {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
}

/** Files the user opened, by the opaque token the renderer reads them with. */
export class FileRegistry {
  readonly #paths = new Map<string, string>();

  /** Registers an absolute path and returns a fresh token (32 hex characters). */
  register(absolutePath: string): string {
    if (!path.isAbsolute(absolutePath)) throw new Error(`not an absolute path: ${absolutePath}`);
    const token = randomBytes(16).toString('hex');
    this.#paths.set(token, absolutePath);
    return token;
  }

  resolve(token: string): string | undefined {
    return TOKEN_PATTERN.test(token) ? this.#paths.get(token) : undefined;
  }
}

const FILE_CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': APP_ORIGIN,
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, Last-Modified',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Content-Type-Options': 'nosniff',
};

const textResponse = (status: number, message: string, headers: Record<string, string> = {}) =>
  new Response(`${message}\n`, { status, headers: { ...FILE_CORS_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers } });

export type ByteRange = { start: number; end: number };

/**
 * Parses a Range header against a file size. `null`: no header (serve the whole file);
 * 'unsatisfiable': a header we will not serve (malformed, several ranges, or past the end).
 * `end` is inclusive.
 */
export function parseRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (header === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'unsatisfiable';
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return 'unsatisfiable';
  if (first === '') {
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix) || suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

function fileBody(filePath: string, range: ByteRange): ReadableStream<Uint8Array> {
  // node:stream/web's ReadableStream is the same class as the global one at runtime.
  return Readable.toWeb(createReadStream(filePath, range)) as unknown as ReadableStream<Uint8Array>;
}

/** Serves `sluice-file://<token>/<name>` with GET/HEAD and single byte ranges, for DuckDB-WASM and parquet-wasm. */
export async function handleFileRequest(registry: FileRegistry, request: ProtocolRequest): Promise<Response> {
  if (request.method === 'OPTIONS') {
    // CORS preflight (a Range header outside the safelist, e.g. from XHR in a worker).
    return new Response(null, {
      status: 204,
      headers: { ...FILE_CORS_HEADERS, 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Range', 'Access-Control-Max-Age': '600' },
    });
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(405, `method ${request.method} not allowed`, { Allow: 'GET, HEAD, OPTIONS' });
  }

  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return textResponse(400, 'bad URL');
  }
  const filePath = url.protocol === `${FILE_SCHEME}:` ? registry.resolve(url.hostname) : undefined;
  if (filePath === undefined) return textResponse(404, 'unknown file token');

  let info;
  try {
    info = await stat(filePath);
  } catch {
    return textResponse(404, `${path.basename(filePath)} no longer exists`);
  }
  if (!info.isFile()) return textResponse(404, `${path.basename(filePath)} is not a regular file`);

  const size = info.size;
  const headers: Record<string, string> = {
    ...FILE_CORS_HEADERS,
    'Accept-Ranges': 'bytes',
    'Content-Type': 'application/octet-stream',
    'Cache-Control': 'no-store',
    'Last-Modified': info.mtime.toUTCString(),
  };
  const range = parseRange(request.headers.get('range'), size);
  if (range === 'unsatisfiable') {
    return textResponse(416, 'range not satisfiable', { 'Content-Range': `bytes */${size}`, 'Accept-Ranges': 'bytes' });
  }

  const slice = range ?? { start: 0, end: size - 1 };
  const length = slice.end - slice.start + 1;
  headers['Content-Length'] = String(length);
  if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
  const body = request.method === 'HEAD' || length === 0 ? null : fileBody(filePath, slice);
  return new Response(body, { status: range ? 206 : 200, headers });
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const mimeType = (filePath: string) => MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';

/**
 * The file under `root` that an app:// URL names, or null when it is not ours or escapes `root`.
 * "/" is index.html.
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const resolvedRoot = path.resolve(root);
  const resolved = path.resolve(resolvedRoot, relative);
  return resolved.startsWith(resolvedRoot + path.sep) ? resolved : null;
}

/** Serves the built renderer (`root`, i.e. dist/) on app://sluice/ with the shared security headers. */
export async function handleAppRequest(root: string, request: ProtocolRequest): Promise<Response> {
  const plain = (status: number, message: string) =>
    new Response(`${message}\n`, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
  const filePath = resolveAppPath(root, request.url);
  if (filePath === null) return plain(404, 'not found');
  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return plain(404, 'not found');
    size = info.size;
  } catch {
    return plain(404, 'not found');
  }
  const headers = { ...SECURITY_HEADERS, 'Content-Type': mimeType(filePath), 'Content-Length': String(size), 'Cache-Control': 'no-cache' };
  const body = request.method === 'HEAD' || size === 0 ? null : fileBody(filePath, { start: 0, end: size - 1 });
  return new Response(body, { status: 200, headers });
}
