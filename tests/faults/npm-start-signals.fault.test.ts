import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killRemainingHotlineProcesses, startHotlineProcess } from './support/hotline-process';

describe('when the hotline runs under `npm start` (as a container or process manager runs it)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-npm-start-'));
  });
  afterAll(async () => {
    await killRemainingHotlineProcesses();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('when npm gets SIGTERM, then the hotline itself drains and exits, and nothing keeps its port or its database', async () => {
    const hotline = await startHotlineProcess('npm', `file:${path.join(dir, 'hotline.db')}`, {}, { viaNpm: true });
    expect((await fetch(`${hotline.url}/readyz`)).status).toBe(200);
    const exited = await hotline.stop('SIGTERM');
    expect(exited.code).toBe(0);
    expect(hotline.logs.some((l) => l.includes('shutting down'))).toBe(true);
    // npm's own exit is not enough: the server must be gone too.
    await expect(fetch(`${hotline.url}/healthz`)).rejects.toThrow();
  }, 60_000);
});
