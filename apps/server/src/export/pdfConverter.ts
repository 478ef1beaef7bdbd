/**
 * A .docx to PDF by LibreOffice (`soffice --headless --convert-to pdf`), when the server has it:
 * one conversion at a time (the others wait in a short queue), each in a temporary folder of its
 * own with a LibreOffice profile of its own, killed with its whole process group after a time
 * limit. Where the 公文 faces (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) are missing,
 * the conversion is told, through a fontconfig file of its own, which free faces stand in for them
 * (Debian: fonts-noto-cjk, fonts-arphic-ukai).
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { PdfExportError } from '@hegao/contract';
import { ApiError } from '../http/ApiError.js';
import { FONT } from './gongwenLayout.js';

/** Where soffice is looked for after HEGAO_SOFFICE and PATH. */
export const SOFFICE_FALLBACKS = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'] as const;

export const PDF_UNAVAILABLE = '服务器未安装 LibreOffice，暂不能导出 PDF，请下载 Word 版本';

/** Said when LibreOffice ran but made no PDF. */
const PDF_FAILED = 'LibreOffice 未能生成 PDF，请下载 Word 版本';

/** The status of each PDF refusal. */
const PDF_STATUS = { pdf_unavailable: 503, pdf_busy: 503, pdf_timeout: 504, pdf_failed: 502 } as const satisfies Record<PdfExportError['error'], ContentfulStatusCode>;

/**
 * A PDF export the converter refuses, its answer the contract's `PDF_EXPORT_ERROR` (`{error,
 * message}`, and `queuePosition` for `pdf_busy`). `details` (LibreOffice's output) is for logs only.
 */
export function pdfRefusal(answer: PdfExportError, details?: unknown): ApiError {
  const { error, message, ...extra } = answer;
  return new ApiError(PDF_STATUS[error], error, message, details, extra);
}

/** What the converter needs from its surroundings; every field has a default. */
export interface PdfConverterOptions {
  /** Environment to read HEGAO_SOFFICE and PATH from (default: process.env, read at each conversion). */
  env?: NodeJS.ProcessEnv;
  /** Time limit of one conversion (default HEGAO_PDF_TIMEOUT_SECONDS or 60 s). */
  timeoutMs?: number;
  /** How many conversions may wait behind the running one (default 4). */
  maxWaiting?: number;
  /** Where each conversion's temporary folder is made (default: the system's temporary folder). */
  tmpRoot?: string;
}

/** A finished conversion and where it stood in the queue when it was asked for (0: at once). */
export interface PdfResult {
  pdf: Uint8Array;
  queuePosition: number;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The soffice to run: HEGAO_SOFFICE when set (and only that: a wrong path is a missing
 * LibreOffice, not a reason to run another), else the first `soffice` on PATH, else the usual
 * Debian paths; null when there is none.
 */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.HEGAO_SOFFICE?.trim();
  if (configured) return executable(configured) ? configured : null;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'soffice');
    if (executable(candidate)) return candidate;
  }
  return SOFFICE_FALLBACKS.find((path) => executable(path)) ?? null;
}

/** The free face that stands in for each 公文 face a server lacks (fonts-noto-cjk, fonts-arphic-ukai). */
export const STAND_INS: ReadonlyArray<{ family: string; standIn: string; bold?: boolean }> = [
  { family: FONT.body, standIn: 'Noto Serif CJK SC' },
  { family: '仿宋', standIn: 'Noto Serif CJK SC' },
  { family: FONT.pageNumber, standIn: 'Noto Serif CJK SC' },
  { family: FONT.title, standIn: 'Noto Serif CJK SC', bold: true },
  { family: FONT.level1, standIn: 'Noto Sans CJK SC' },
  { family: FONT.level2, standIn: 'AR PL UKai CN' },
  { family: '楷体', standIn: 'AR PL UKai CN' },
];

const xmlText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A fontconfig file that includes the system's and names a stand-in for each 公文 face that
 * `installed` says is missing (a face the server has is left alone); null when none is missing.
 */
export function fontConfigXml(installed: (family: string) => boolean, systemConf = '/etc/fonts/fonts.conf'): string | null {
  const rules = STAND_INS.filter((s) => !installed(s.family)).map((s) => {
    const weight = s.bold ? '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>' : '';
    return `<match target="pattern"><test name="family"><string>${xmlText(s.family)}</string></test><edit name="family" mode="assign" binding="strong"><string>${xmlText(s.standIn)}</string></edit>${weight}</match>`;
  });
  if (rules.length === 0) return null;
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    `<include ignore_missing="yes">${xmlText(systemConf)}</include>`,
    ...rules,
    '</fontconfig>',
  ].join('\n');
}

/** Whether fontconfig knows a face by this family name (false where fc-list is missing). */
function fontInstalled(family: string): boolean {
  const res = spawnSync('fc-list', [`:family=${family}`, 'family'], { encoding: 'utf8', timeout: 10_000 });
  return res.status === 0 && res.stdout.trim() !== '';
}

/** Converts .docx to PDF with LibreOffice, one at a time. */
export class PdfConverter {
  private readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly maxWaiting: number;
  private readonly tmpRoot: string | undefined;
  /** The conversion running now and those waiting behind it. */
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private fontConfig: string | null | undefined;

  constructor(options: PdfConverterOptions = {}) {
    this.env = options.env ?? process.env;
    const seconds = Number(this.env.HEGAO_PDF_TIMEOUT_SECONDS);
    this.timeoutMs = options.timeoutMs ?? (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000);
    this.maxWaiting = options.maxWaiting ?? 4;
    this.tmpRoot = options.tmpRoot;
  }

  /** Conversions running or waiting. */
  get queueLength(): number {
    return this.pending;
  }

  /** The soffice this converter would run now, or null. */
  soffice(): string | null {
    return findSoffice(this.env);
  }

  /**
   * The PDF of `docx`. 503 `pdf_unavailable` without LibreOffice, 503 `pdf_busy` when too many
   * wait already, 504 `pdf_timeout` past the time limit, 502 `pdf_failed` when LibreOffice fails.
   */
  async convert(docx: Uint8Array): Promise<PdfResult> {
    const soffice = this.soffice();
    if (!soffice) throw pdfRefusal({ error: 'pdf_unavailable', message: PDF_UNAVAILABLE });
    const queuePosition = this.pending;
    if (queuePosition > this.maxWaiting) {
      throw pdfRefusal({ error: 'pdf_busy', message: `正在生成其他 PDF（前面还有 ${queuePosition} 份），请稍后再试，或下载 Word 版本`, queuePosition });
    }
    this.pending++;
    const run = this.tail.then(() => this.runOnce(soffice, docx));
    this.tail = run.catch(() => undefined);
    try {
      return { pdf: await run, queuePosition };
    } finally {
      this.pending--;
    }
  }

  private async runOnce(soffice: string, docx: Uint8Array): Promise<Uint8Array> {
    const dir = await mkdtemp(join(this.tmpRoot ?? tmpdir(), 'hegao-pdf-'));
    try {
      const input = join(dir, 'document.docx');
      await writeFile(input, docx);
      const env: NodeJS.ProcessEnv = { ...this.env };
      if (this.fontConfig === undefined) this.fontConfig = fontConfigXml(fontInstalled);
      if (this.fontConfig) {
        const conf = join(dir, 'fonts.conf');
        await writeFile(conf, this.fontConfig);
        env.FONTCONFIG_FILE = conf;
      }
      const args = [
        `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
        '--headless',
        '--invisible',
        '--nologo',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        'pdf',
        '--outdir',
        join(dir, 'out'),
        input,
      ];
      const output = await this.spawnWithLimit(soffice, args, env);
      const pdfPath = join(dir, 'out', 'document.pdf');
      if (!existsSync(pdfPath)) throw pdfRefusal({ error: 'pdf_failed', message: PDF_FAILED }, output.slice(-2000));
      return new Uint8Array(await readFile(pdfPath));
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** Runs soffice in a process group of its own; past the time limit the whole group is killed. */
  private spawnWithLimit(soffice: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
    return new Promise((resolve, reject) => {
      let output = '';
      let timedOut = false;
      const child = spawn(soffice, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-8000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, this.timeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(pdfRefusal({ error: 'pdf_unavailable', message: PDF_UNAVAILABLE }, err.message));
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        if (timedOut) {
          reject(pdfRefusal({ error: 'pdf_timeout', message: `生成 PDF 超过 ${Math.ceil(this.timeoutMs / 1000)} 秒仍未完成，已停止；请稍后再试，或下载 Word 版本` }, output));
        } else if (code !== 0) {
          reject(pdfRefusal({ error: 'pdf_failed', message: PDF_FAILED }, output));
        } else {
          resolve(output);
        }
      });
    });
  }
}

/** The server's one converter (one conversion at a time across every request). */
export const pdfConverter = new PdfConverter();
