import path from 'node:path';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { build } from 'vite';
const root = '/work/main';
const out = '/tmp/pdf-prof-out';
await build({ configFile: false, logLevel: 'warn', root, resolve: { alias: { $lib: path.join(root, 'src/lib') } },
  build: { outDir: out, emptyOutDir: true, lib: { entry: path.join(root, 'bench/pdf-profile.tmp.ts'), formats: ['es'], fileName: 'page' }, chunkSizeWarningLimit: 5000 } });
const server = createServer(async (req, res) => {
  const n = req.url!.split('?')[0];
  if (n.endsWith('.js')) { res.writeHead(200, { 'content-type': 'text/javascript' }); return res.end(await readFile(path.join(out, n))); }
  res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const port = (server.address() as any).port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${port}`);
await page.waitForFunction(() => 'prof' in window);
const cdp = await page.context().newCDPSession(page);
for (const rate of [1, 4]) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  for (const n of (process.env.QUICK ? [20, 20] : [20, 20, 20, 1000, 1000])) console.log(rate, n, JSON.stringify(await page.evaluate((n) => (window as any).prof(n), n)));
}
if (process.env.CPUPROF) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.send('Profiler.enable'); await cdp.send('Profiler.start');
  const N = Number(process.env.CPUPROF);
  for (let i = 0; i < (N === 20 ? 10 : 1); i++) await page.evaluate((n) => (window as any).prof(n), N);
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  const dt = profile.timeDeltas; const counts = new Map<number, number>();
  profile.samples.forEach((s: number, i: number) => counts.set(s, (counts.get(s) ?? 0) + (dt[i] ?? 0)));
  for (const [id, us] of counts) { const n: any = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + us); }
  console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
}
await browser.close(); server.close();
