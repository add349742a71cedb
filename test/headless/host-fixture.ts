import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../electron/core/clock';
import { startHostServer, type HostServer } from '../../electron/headless/host-server';
import { FakeHeadroom } from './fake-headroom';

export const testToken = 'launch-token-for-tests-0123456789abcdef';

export const builtPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Headroom</title>
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`;

export interface HostFixture {
  host: HostServer;
  fake: FakeHeadroom;
  logged: string[];
  /** A temporary directory holding the renderer build (when built) and the token file. */
  dir: string;
  close(): Promise<void>;
}

/** A host server over the fake service, with a small renderer build (or none) and its token in a temporary directory. */
export async function startFixture(options: { built?: boolean; clock?: Clock } = {}): Promise<HostFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'headroom-host-'));
  const rendererDir = join(dir, 'renderer');
  if (options.built ?? true) await writeRendererBuild(rendererDir);
  const fake = new FakeHeadroom();
  const logged: string[] = [];
  const host = await startHostServer({
    handlers: fake,
    events: fake,
    rendererDir,
    port: 0,
    token: testToken,
    tokenDirectory: join(dir, 'run', 'headroom'),
    log: (line) => logged.push(line),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    host,
    fake,
    logged,
    dir,
    async close() {
      await host.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function writeRendererBuild(rendererDir: string): Promise<void> {
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), builtPage);
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log("popover");\n');
  await writeFile(join(rendererDir, 'assets', 'index-abc.css'), 'body { margin: 0; }\n');
  await writeFile(join(rendererDir, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  await writeFile(join(rendererDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  await writeFile(join(rendererDir, 'assets', 'data.bin'), Buffer.from([1, 2, 3]));
  await writeFile(join(rendererDir, '..', 'outside.txt'), 'not part of the build\n');
}
