import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileRegistry, handleAppRequest, handleFileRequest, isAppUrl, parseRange, resolveAppPath, type ProtocolRequest } from '../../electron/file-protocol.ts';
import { isMenuCommand, TOKEN_PATTERN, validateOpenPathArg } from '../../shared/host-contract.ts';
import { SECURITY_HEADERS } from '../../shared/security.ts';

const CONTENT = 'abcdefghijklmnopqrstuvwxyz0123456789'; // 36 bytes
let dir: string;
let registry: FileRegistry;
let token: string;
let emptyToken: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-file-protocol-'));
  await writeFile(join(dir, 'data.csv'), CONTENT);
  await writeFile(join(dir, 'empty.csv'), '');
  await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html>');
  await writeFile(join(dir, 'dist', 'assets', 'engine.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(join(dir, 'secret.txt'), 'outside dist');
  registry = new FileRegistry();
  token = registry.register(join(dir, 'data.csv'));
  emptyToken = registry.register(join(dir, 'empty.csv'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const request = (url: string, init: { method?: string; headers?: Record<string, string> } = {}): ProtocolRequest => ({
  method: init.method ?? 'GET',
  url,
  headers: new Headers(init.headers),
});
const fileUrl = (t = token) => `sluice-file://${t}/data.csv`;

describe('FileRegistry', () => {
  it('issues 32-hex tokens that resolve to the registered path', () => {
    expect(token).toMatch(TOKEN_PATTERN);
    expect(registry.resolve(token)).toBe(join(dir, 'data.csv'));
    expect(registry.register(join(dir, 'data.csv'))).not.toBe(token);
    expect(registry.resolve('../etc/passwd')).toBeUndefined();
  });

  it('refuses relative paths', () => {
    expect(() => registry.register('data.csv')).toThrow(/absolute/);
  });
});

describe('handleFileRequest', () => {
  it('serves the whole file on GET with range and CORS headers', async () => {
    const res = await handleFileRequest(registry, request(fileUrl()));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(CONTENT);
    expect(res.headers.get('content-length')).toBe('36');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('access-control-allow-origin')).toBe('app://sluice');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Content-Length, Content-Range, Accept-Ranges/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('content-range')).toBeNull();
  });

  it('answers HEAD with the size and no body', async () => {
    const res = await handleFileRequest(registry, request(fileUrl(), { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('36');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.body).toBeNull();
  });

  it('serves bytes=a-b as 206 with Content-Range', async () => {
    const res = await handleFileRequest(registry, request(fileUrl(), { headers: { Range: 'bytes=2-5' } }));
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('cdef');
    expect(res.headers.get('content-length')).toBe('4');
    expect(res.headers.get('content-range')).toBe('bytes 2-5/36');
  });

  it('clamps an end past the file to the last byte', async () => {
    const res = await handleFileRequest(registry, request(fileUrl(), { headers: { Range: 'bytes=30-1000' } }));
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('456789');
    expect(res.headers.get('content-range')).toBe('bytes 30-35/36');
  });

  it('serves bytes=a- to the end', async () => {
    const res = await handleFileRequest(registry, request(fileUrl(), { headers: { Range: 'bytes=26-' } }));
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('0123456789');
    expect(res.headers.get('content-length')).toBe('10');
    expect(res.headers.get('content-range')).toBe('bytes 26-35/36');
  });

  it('serves a suffix range bytes=-n', async () => {
    const res = await handleFileRequest(registry, request(fileUrl(), { headers: { Range: 'bytes=-4' } }));
    expect(res.status).toBe(206);
    expect(await res.text()).toBe('6789');
    expect(res.headers.get('content-range')).toBe('bytes 32-35/36');
  });

  it('answers HEAD with a range as 206 without a body', async () => {
    const res = await handleFileRequest(registry, request(fileUrl(), { method: 'HEAD', headers: { Range: 'bytes=0-0' } }));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-length')).toBe('1');
    expect(res.headers.get('content-range')).toBe('bytes 0-0/36');
    expect(res.body).toBeNull();
  });

  it.each(['bytes=36-', 'bytes=40-50', 'bytes=5-2', 'bytes=-0', 'bytes=0-1,4-5', 'items=0-1', 'bytes=-'])('answers %s with 416', async (range) => {
    const res = await handleFileRequest(registry, request(fileUrl(), { headers: { Range: range } }));
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */36');
    expect(res.headers.get('access-control-allow-origin')).toBe('app://sluice');
  });

  it('serves an empty file as 200 with length 0, and refuses ranges on it', async () => {
    const full = await handleFileRequest(registry, request(fileUrl(emptyToken)));
    expect(full.status).toBe(200);
    expect(full.headers.get('content-length')).toBe('0');
    expect(await full.text()).toBe('');
    const ranged = await handleFileRequest(registry, request(fileUrl(emptyToken), { headers: { Range: 'bytes=0-' } }));
    expect(ranged.status).toBe(416);
  });

  it('answers 404 for unknown or malformed tokens and other schemes', async () => {
    expect((await handleFileRequest(registry, request(fileUrl('0'.repeat(32))))).status).toBe(404);
    expect((await handleFileRequest(registry, request('sluice-file://not-a-token/data.csv'))).status).toBe(404);
    expect((await handleFileRequest(registry, request(`app://${token}/data.csv`))).status).toBe(404);
  });

  it('answers 404 when the file was deleted after it was opened', async () => {
    const path = join(dir, 'gone.csv');
    await writeFile(path, 'x');
    const goneToken = registry.register(path);
    await rm(path);
    const res = await handleFileRequest(registry, request(fileUrl(goneToken)));
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/gone\.csv no longer exists/);
  });

  it('answers 405 for POST', async () => {
    const res = await handleFileRequest(registry, request(fileUrl(), { method: 'POST' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('answers a CORS preflight allowing Range', async () => {
    const res = await handleFileRequest(registry, request(fileUrl(), { method: 'OPTIONS' }));
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toBe('Range');
    expect(res.headers.get('access-control-allow-origin')).toBe('app://sluice');
  });
});

describe('parseRange', () => {
  it('returns null without a header', () => {
    expect(parseRange(null, 10)).toBeNull();
  });
  it('parses the three single-range forms', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=3-', 10)).toEqual({ start: 3, end: 9 });
    expect(parseRange('bytes=-20', 10)).toEqual({ start: 0, end: 9 });
  });
});

describe('app:// serving', () => {
  it('resolves paths inside dist/ only', () => {
    const root = join(dir, 'dist');
    expect(resolveAppPath(root, 'app://sluice/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://sluice/assets/engine.wasm')).toBe(join(root, 'assets', 'engine.wasm'));
    // URL parsing removes plain and %2e dot segments before we see them; encoded slashes are ours to catch.
    expect(resolveAppPath(root, 'app://sluice/../secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppPath(root, 'app://sluice/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppPath(root, 'app://sluice/%2e%2e%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://sluice/assets/%2e%2e%2f%2e%2e%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://sluice/..%5csecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://sluice/a%00b')).toBeNull();
    expect(resolveAppPath(root, 'app://other/index.html')).toBeNull();
  });

  it('serves files with their MIME type and the security headers', async () => {
    const root = join(dir, 'dist');
    const res = await handleAppRequest(root, request('app://sluice/assets/engine.wasm'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/wasm');
    expect(res.headers.get('content-length')).toBe('4');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
    const html = await handleAppRequest(root, request('app://sluice/index.html'));
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toBe('<!doctype html>');
    expect((await handleAppRequest(root, request('app://sluice/%2e%2e%2fsecret.txt'))).status).toBe(404);
    expect((await handleAppRequest(root, request('app://sluice/missing.js'))).status).toBe(404);
    expect((await handleAppRequest(root, request('app://sluice/index.html', { method: 'POST' }))).status).toBe(405);
  });

  it('recognises the app origin', () => {
    expect(isAppUrl('app://sluice/index.html')).toBe(true);
    expect(isAppUrl('app://sluice.evil/index.html')).toBe(false);
    expect(isAppUrl('https://sluice/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('host contract validators', () => {
  it('validateOpenPathArg accepts a path and rejects everything else with a reason', () => {
    expect(validateOpenPathArg('/data/flights.parquet')).toEqual({ ok: true, value: '/data/flights.parquet' });
    expect(validateOpenPathArg(42)).toEqual({ ok: false, error: 'path must be a string' });
    expect(validateOpenPathArg(undefined).ok).toBe(false);
    expect(validateOpenPathArg('')).toEqual({ ok: false, error: 'path must be 1 to 4096 characters' });
    expect(validateOpenPathArg('x'.repeat(4097)).ok).toBe(false);
    expect(validateOpenPathArg('/tmp/a\u0000b')).toEqual({ ok: false, error: 'path must not contain NUL' });
  });

  it('isMenuCommand accepts only the known commands', () => {
    expect(isMenuCommand('open-file')).toBe(true);
    expect(isMenuCommand('close-dataset')).toBe(true);
    expect(isMenuCommand('about')).toBe(true);
    expect(isMenuCommand('quit')).toBe(false);
    expect(isMenuCommand(1)).toBe(false);
    expect(isMenuCommand(null)).toBe(false);
  });
});
