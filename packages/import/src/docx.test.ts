import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DOCX_MAX_XML, DocxError, readDocx } from './docx.js';

// Fixtures are written here part by part (WordprocessingML as Word saves it) and zipped by a small
// writer below, so each test states exactly what the file holds. Files built with the `docx` package
// (as Word users' files are) are read in tests/integration/imports.test.ts.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `files` (deflated unless `stored`), as Word writes a .docx. */
function zip(files: Record<string, string | Uint8Array>, stored = false, claimedSize?: number): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const packed = stored ? data : deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(claimedSize ?? data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A .docx whose body is `body` (WordprocessingML), with a Heading 1/2 style, a list style and two numberings (1 ordered, 2 bullets). */
function docx(body: string, extra: Record<string, string> = {}, claimedSize?: number): Uint8Array {
  return zip(
    {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/_rels/document.xml.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>',
    'word/styles.xml':
      `<?xml version="1.0" encoding="UTF-8"?><w:styles ${W}>` +
      '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>' +
      '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style></w:styles>',
    'word/numbering.xml':
      `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${W}>` +
      '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>' +
      '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>' +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
    ...extra,
    },
    false,
    claimedSize,
  );
}

/** A run; `bold` adds <w:b/>. */
const r = (text: string, bold = false) => `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
const p = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;
const styled = (style: string, numId: number | null, level: number, ...runs: string[]) =>
  `<w:p><w:pPr><w:pStyle w:val="${style}"/>${numId === null ? '' : `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr>`}</w:pPr>${runs.join('')}</w:p>`;
const cell = (...paragraphs: string[]) => `<w:tc>${paragraphs.join('')}</w:tc>`;
const row = (...cells: string[]) => `<w:tr>${cells.join('')}</w:tr>`;

async function refusal(bytes: Uint8Array): Promise<DocxError> {
  const err = await readDocx(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DocxError);
  return err as DocxError;
}

describe('readDocx', () => {
  it('reads paragraphs with their bold runs, merged and trimmed, and skips empty ones', async () => {
    const lines = await readDocx(
      docx(
        p(r('区2020年上半年工作总结')) +
          p() +
          p(r('\u3000\u3000'), r('深入组织动员，', true), r('构建防控体系。', true), r('全区共排查X人。'), r('  ')),
      ),
    );
    expect(lines).toEqual([
      { text: '区2020年上半年工作总结', block: { type: 'paragraph', runs: [{ text: '区2020年上半年工作总结' }] } },
      {
        text: '深入组织动员，构建防控体系。全区共排查X人。',
        block: { type: 'paragraph', runs: [{ text: '深入组织动员，构建防控体系。', bold: true }, { text: '全区共排查X人。' }] },
      },
    ]);
  });

  it('cuts a paragraph at soft and page breaks; tabs become spaces; footnote marks are dropped', async () => {
    const lines = await readDocx(
      docx(p(r('一、上半年工作'), '<w:r><w:br/></w:r>', r('今年以来，'), '<w:r><w:tab/></w:r>', r('全区'), '<w:r><w:br w:type="page"/></w:r>', r('完成任务。'))),
    );
    expect(lines.map((l) => l.text)).toEqual(['一、上半年工作', '今年以来， 全区', '完成任务。']);
  });

  it('keeps headings as plain paragraphs, writing out automatic numbers of heading styles by level', async () => {
    const lines = await readDocx(
      docx(
        styled('Heading1', null, 0, r('一、疫情防控')) +
          styled('Heading1', 1, 0, r('经济发展')) +
          styled('Heading2', 1, 1, r('稳增长')) +
          styled('Heading2', 1, 1, r('促改革')) +
          styled('Heading1', 1, 0, r('民生保障', true)),
      ),
    );
    expect(lines.map((l) => l.text)).toEqual(['一、疫情防控', '一、经济发展', '（一）稳增长', '（二）促改革', '二、民生保障']);
    expect(lines[4]!.block).toEqual({ type: 'paragraph', runs: [{ text: '二、' }, { text: '民生保障', bold: true }] });
  });

  it('writes out automatic numbers of plain-style headings: a short ordered item alone between blocks', async () => {
    const body =
      p(r('区2031年工作要点')) +
      styled('ListParagraph', 1, 0, r('加强党的建设')) +
      styled('ListParagraph', 1, 1, r('夯实基层基础')) +
      p(r('全面加强基层组织建设。')) +
      styled('ListParagraph', 1, 1, r('严格落实责任。')) +
      p(r('压实责任。')) +
      styled('ListParagraph', 1, 0, r('推动经济发展')) +
      p(r('抓好招商引资。')) +
      styled('ListParagraph', 1, 0, r('完成审批')) +
      styled('ListParagraph', 1, 0, r('开展督查'));
    const lines = await readDocx(docx(body));
    expect(lines.map((l) => l.text)).toEqual(['区2031年工作要点', '一、加强党的建设', '（一）夯实基层基础', '全面加强基层组织建设。', '严格落实责任。', '压实责任。', '二、推动经济发展', '抓好招商引资。', '完成审批 开展督查']);
    // Neighbours of one level are a list.
    expect(lines[8]!.block).toEqual({ type: 'ordered_list', items: ['完成审批', '开展督查'] });
    // A sentence stays a list item.
    expect(lines[4]!.block).toEqual({ type: 'ordered_list', items: ['严格落实责任。'] });
    // With headings numbered by hand, numbered items are only lists.
    const typed = await readDocx(docx(p(r('一、总体要求')) + body));
    expect(typed.find((l) => l.text.includes('加强党的建设'))!.block).toEqual({ type: 'ordered_list', items: ['加强党的建设', '夯实基层基础'] });
    expect(typed.find((l) => l.text.includes('推动经济发展'))!.block).toEqual({ type: 'ordered_list', items: ['推动经济发展'] });
  });

  it('turns numbered and bulleted paragraphs into list blocks, one per run of items of a kind', async () => {
    const lines = await readDocx(
      docx(
        p(r('主要措施：')) +
          styled('ListParagraph', 1, 0, r('加强排查')) +
          styled('ListParagraph', 1, 1, r('落实'), r('隔离', true)) +
          styled('ListParagraph', 2, 0, r('要点甲')) +
          styled('ListParagraph', 2, 0, r('要点乙')) +
          p(r('其后正文。')),
      ),
    );
    expect(lines).toEqual([
      { text: '主要措施：', block: { type: 'paragraph', runs: [{ text: '主要措施：' }] } },
      { text: '加强排查 落实隔离', block: { type: 'ordered_list', items: ['加强排查', '落实隔离'] } },
      { text: '要点甲 要点乙', block: { type: 'bullet_list', items: ['要点甲', '要点乙'] } },
      { text: '其后正文。', block: { type: 'paragraph', runs: [{ text: '其后正文。' }] } },
    ]);
  });

  it('reads tables as rows of cell text, padded to a rectangle, empty rows dropped', async () => {
    const span = `<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>${p(r('合计'))}</w:tc>`;
    const lines = await readDocx(
      docx(
        '<w:tbl>' +
          row(cell(p(r('指标'))), cell(p(r('数值'))), cell(p(r('增幅')))) +
          row(cell(p(r('地区生产总值'))), cell(p(r('X')), p(r('亿元'))), cell(p(r('5%')))) +
          row(cell(p()), cell(p()), cell(p())) +
          row(span, cell(p(r('6%')))) +
          '</w:tbl>',
      ),
    );
    expect(lines).toEqual([
      {
        text: '指标 数值 增幅 地区生产总值 X 亿元 5% 合计 6%',
        block: {
          type: 'table',
          rows: [
            ['指标', '数值', '增幅'],
            ['地区生产总值', 'X\n亿元', '5%'],
            ['合计', '', '6%'],
          ],
        },
      },
    ]);
  });

  it('reads a stored (uncompressed) .docx too', async () => {
    const bytes = docx(p(r('正文')));
    expect((await readDocx(bytes)).map((l) => l.text)).toEqual(['正文']);
  });

  it('refuses what is not a .docx: random bytes, a plain zip, a cut-off file, an old .doc', async () => {
    expect((await refusal(new Uint8Array([1, 2, 3, 4, 5]))).code).toBe('not_docx');
    expect((await refusal(new TextEncoder().encode('一、这是纯文本'))).code).toBe('not_docx');
    expect((await refusal(zip({ 'a.txt': 'hello' }))).code).toBe('not_docx');
    const whole = docx(p(r('正文')));
    expect((await refusal(whole.subarray(0, Math.floor(whole.length / 2)))).code).toBe('not_docx');
    // A zip with content types but no Word document in it.
    expect((await refusal(zip({ '[Content_Types].xml': '<Types/>' }))).code).toBe('not_docx');
    const doc = new Uint8Array(2048);
    doc.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    doc.set(Buffer.from('WordDocument', 'utf16le'), 1024);
    const old = await refusal(doc);
    expect(old.code).toBe('not_docx');
    expect(old.message).toContain('.doc');
  });

  it('refuses an encrypted .docx (an OLE compound file) with the message to remove the password', async () => {
    const bytes = new Uint8Array(4096);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    bytes.set(Buffer.from('EncryptionInfo', 'utf16le'), 1024);
    bytes.set(Buffer.from('EncryptedPackage', 'utf16le'), 1200);
    const err = await refusal(bytes);
    expect(err.code).toBe('encrypted');
    expect(err.message).toBe('文件已加密，请在 Word 中取消密码后再导入');
  });

  it('refuses a document without text as empty', async () => {
    expect((await refusal(docx(p() + p(r('\u3000  ')) + '<w:tbl>' + row(cell(p())) + '</w:tbl>'))).code).toBe('empty');
  });

  it('refuses XML that unpacks beyond the limit, whatever the directory claims', async () => {
    const huge = `<?xml version="1.0"?><w:document ${W}><w:body>${p(r('正文'))}</w:body></w:document>`.padEnd(DOCX_MAX_XML + 10, ' ');
    expect((await refusal(docx('', { 'word/document.xml': huge }))).code).toBe('too_large');
    // A directory that claims 100 bytes per part changes nothing: the parts are measured by unpacking.
    expect((await refusal(docx('', { 'word/document.xml': huge }, 100))).code).toBe('too_large');
  });
});
