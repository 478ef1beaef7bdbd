// Browser tests need a real Chromium. Debian's package is used (never a browser download);
// when it is missing and we may install packages (root with apt-get), install it.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** What to tell a person when no Chromium can be found or installed. */
export function missingChromiumMessage(path = process.env.HEGAO_CHROMIUM ?? '/usr/bin/chromium') {
  return `缺少 Chromium（${path}）：浏览器测试无法运行。请安装 Debian 的 chromium 软件包，或设置 HEGAO_CHROMIUM 指向浏览器。`;
}

/**
 * Path of the Chromium binary browser tests drive, installing Debian's package when possible;
 * null when there is none (the other suites still run, the browser suites then fail and say why).
 * @returns {string | null}
 */
export function ensureChromium() {
  const path = process.env.HEGAO_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (!process.env.HEGAO_CHROMIUM) {
    // Another Chromium-family browser already on this machine will do.
    const found = installedBrowser();
    if (found) return found;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log('正在安装浏览器测试所需的 Chromium（Debian 软件包）…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const res = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
    if (res.status === 0 && existsSync(path)) return path;
  }
  console.error(missingChromiumMessage(path));
  return null;
}

/** A Chromium or Chrome already installed under a usual name or path, or null. */
function installedBrowser() {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
    const res = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const found = res.status === 0 ? res.stdout.trim() : '';
    if (found) return found;
  }
  for (const app of ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome']) {
    if (existsSync(app)) return app;
  }
  return null;
}
