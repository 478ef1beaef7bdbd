// The PDF export and its tests need LibreOffice (soffice) with poppler-utils to measure the PDF and
// the free CJK faces that stand in for the 公文 ones. Debian's packages are used; when they are
// missing and we may install packages (root with apt-get), install them — as chromium.mjs does.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Debian packages the PDF export needs on a server (docs/api.md, "Export"). */
export const PDF_PACKAGES = ['libreoffice-writer-nogui', 'poppler-utils', 'fonts-noto-cjk', 'fonts-arphic-ukai'];

/** Where soffice usually is. */
const SOFFICE_PATHS = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'];

/** What to tell a person when LibreOffice or the PDF tools cannot be found or installed. */
export function missingLibreOfficeMessage(what = 'LibreOffice（soffice）') {
  return `缺少 ${what}：PDF 导出测试无法运行。请安装 Debian 软件包 ${PDF_PACKAGES.join(' ')}，或设置 HEGAO_SOFFICE 指向 soffice。`;
}

/**
 * A command found on PATH, or ''.
 * @param {string} name
 */
function onPath(name) {
  const res = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : '';
}

/** soffice as configured, on PATH or at a usual path, or null. */
function findSoffice() {
  if (process.env.HEGAO_SOFFICE) return existsSync(process.env.HEGAO_SOFFICE) ? process.env.HEGAO_SOFFICE : null;
  return onPath('soffice') || SOFFICE_PATHS.find((p) => existsSync(p)) || null;
}

/** Whether everything is there: soffice, pdfinfo / pdftotext / pdftoppm, and a Noto CJK face. */
function complete() {
  return Boolean(findSoffice() && onPath('pdfinfo') && onPath('pdftotext') && onPath('pdftoppm') && fontsPresent());
}

function fontsPresent() {
  const res = spawnSync('fc-list', [':family=Noto Serif CJK SC', 'family'], { encoding: 'utf8' });
  return res.status === 0 && res.stdout.trim() !== '';
}

/**
 * Path of soffice for the PDF export tests, installing Debian's packages when possible; null with
 * a Chinese message on stderr when it cannot (the other suites still run, the PDF suites then fail
 * and say why).
 * @returns {string | null}
 */
export function ensureLibreOffice() {
  if (complete()) return findSoffice();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt && !process.env.HEGAO_SOFFICE) {
    console.log('正在安装 PDF 导出测试所需的 LibreOffice、poppler-utils 和中文字体（Debian 软件包）…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', ...PDF_PACKAGES], { stdio: 'inherit', env });
    if (complete()) return findSoffice();
  }
  console.error(missingLibreOfficeMessage(describeMissing()));
  return null;
}

/** Which part is missing, for the message. */
function describeMissing() {
  if (!findSoffice()) return process.env.HEGAO_SOFFICE ? `LibreOffice（${process.env.HEGAO_SOFFICE}）` : 'LibreOffice（soffice）';
  if (!onPath('pdftotext') || !onPath('pdfinfo') || !onPath('pdftoppm')) return 'poppler-utils（pdfinfo、pdftotext、pdftoppm）';
  return '中文字体（fonts-noto-cjk）';
}
