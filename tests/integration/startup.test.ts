/**
 * What `npm start` prints: the URL and data folder, and the demo accounts only where they exist —
 * a real office's database (started with HEGAO_SEED_DEMO=0) gets a hint instead of accounts it lacks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/collabClient.js';
import { ServerProcess } from '../helpers/serverProcess.js';

let server: ServerProcess | null = null;
afterEach(async () => {
  await server?.dispose();
  server = null;
});

async function banner(env: Record<string, string>): Promise<string> {
  server = await ServerProcess.start(env);
  await waitFor(() => server!.output.includes('合稿已启动') && /\n\n/.test(server!.output.slice(server!.output.indexOf('合稿已启动'))), 'banner');
  return server.output.slice(server.output.indexOf('合稿已启动'));
}

describe('the start banner', () => {
  it('lists the demo accounts of a seeded database with the URL and the data folder', async () => {
    const text = await banner({});
    expect(text).toContain(`http://localhost:${server!.port}`);
    expect(text).toContain(`数据目录：${server!.dataDir}`);
    expect(text).toMatch(/演示账号（密码均为 hegao-demo）/);
    expect(text).toMatch(/ {2}bgs {6}李文静/);
    expect(text).toMatch(/ {2}quzhang {2}周区长/);
  });

  it('lists no demo accounts when the demo was not seeded', async () => {
    const text = await banner({ HEGAO_SEED_DEMO: '0' });
    expect(text).not.toContain('演示账号（');
    expect(text).not.toContain('李文静');
    expect(text).toContain('账号管理：npm run cli -- user add');
  });
});
