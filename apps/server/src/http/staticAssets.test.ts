/**
 * The built web app as the server serves it: files, the app shell for client-side routes, and
 * 404 for a bundle this build does not have (so a proxy in front of several servers of different
 * versions, during a rolling upgrade, can try another instead of caching an HTML page as script).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from '../test/workspace.js';
import { createApp } from './app.js';

let ws: Workspace;
let webDir: string;

beforeAll(async () => {
  ws = await workspace();
  webDir = mkdtempSync(join(tmpdir(), 'hegao-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>合稿</title><div id="root"></div>');
  writeFileSync(join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
});

afterAll(async () => {
  rmSync(webDir, { recursive: true, force: true });
  await ws.close();
});

describe('serving the web app', () => {
  it('serves bundles, the shell at client routes, and 404 for a bundle it does not have', async () => {
    const app = createApp({ ...ws.ctx, config: { ...ws.ctx.config, webDir } });
    const bundle = await app.request('/assets/app-1234.js');
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toBe('console.log(1)');
    const route = await app.request('/reports/abc');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root"></div>');
    const missing = await app.request('/assets/app-5678.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
  });
});
