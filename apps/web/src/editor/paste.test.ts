// @vitest-environment happy-dom
import { schema } from '@hegao/schema';
import type { PMJSON } from '@hegao/schema';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanPastedHtml, cleanPastedText, pastePlugin } from './paste';

const t = (text: string, ...marks: string[]): PMJSON =>
  marks.length ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const p = (...content: PMJSON[]): PMJSON => (content.length ? { type: 'paragraph', content } : { type: 'paragraph' });
const cell = (content: PMJSON[], colspan = 1): PMJSON => ({ type: 'table_cell', attrs: { colspan, rowspan: 1 }, content });
const row = (...cells: PMJSON[]): PMJSON => ({ type: 'table_row', content: cells });
const br: PMJSON = { type: 'hard_break' };
/** Blocks as ProseMirror writes them (default attributes filled in). */
const blocks = (...content: PMJSON[]): PMJSON[] =>
  (schema.nodeFromJSON({ type: 'doc', content }).toJSON() as PMJSON).content ?? [];

// Word 2016 (Windows) clipboard HTML, shortened: a bold 黑体 heading line, body text with EN-US runs,
// a numbered and a bulleted list paragraph, an empty paragraph and a soft line break.
const WORD_HTML = `<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List
href="file:///C:/Users/ADMINI~1/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<!--[if gte mso 9]><xml>
 <o:OfficeDocumentSettings>
  <o:AllowPNG/>
 </o:OfficeDocumentSettings>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
	{font-family:宋体;
	panose-1:2 1 6 0 3 1 1 1 1 1;}
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{mso-style-unhide:no;
	margin:0cm;
	text-align:justify;
	font-size:10.5pt;
	font-family:等线;}
-->
</style>
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;word-wrap:break-word;text-justify-trim:punctuation'>
<!--StartFragment-->

<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><b
style='mso-bidi-font-weight:normal'><span style='font-size:16.0pt;font-family:
黑体;mso-hansi-font-family:黑体'>一、上半年工作完成情况<span lang=EN-US><o:p></o:p></span></span></b></p>

<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span
style='font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:仿宋'>上半年预计<span
lang=EN-US>X</span>区实现地区生产总值<span lang=EN-US>X</span>亿元，同比下降<span
lang=EN-US>X%</span>。<span lang=EN-US><o:p></o:p></span></span></p>

<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
lang=EN-US style='font-family:仿宋_GB2312;mso-bidi-font-family:仿宋_GB2312'><span
style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span style='font-family:仿宋_GB2312'>加强基层组织建设<span
lang=EN-US><o:p></o:p></span></span></p>

<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
lang=EN-US style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:Symbol'><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span style='font-family:仿宋_GB2312'>深化“放管服”改革<o:p></o:p></span></p>

<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>

<p class=MsoNormal>第一行<span lang=EN-US><br style='mso-special-character:line-break'>
<![if !supportLineBreakNewLine]><br style='mso-special-character:line-break'>
<![endif]></span>第二行<i style='mso-bidi-font-style:normal'>同比增长</i></p>

<!--EndFragment-->
</body>

</html>`;

// WPS Office (Windows) clipboard HTML, shortened: quoted mso-spacerun values, bold by style, a 全角 indent,
// a bordered table and an empty paragraph.
const WPS_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 14"><meta name=Originator content="Microsoft Word 14"><link rel=File-List href="file:///C:/Users/admin/AppData/Local/Temp/wps1/clip_filelist.xml"><!--[if gte mso 9]><xml><w:WordDocument><w:BrowserLevel>MicrosoftInternetExplorer4</w:BrowserLevel><w:DisplayHorizontalDrawingGridEvery>1</w:DisplayHorizontalDrawingGridEvery><w:DisplayVerticalDrawingGridEvery>2</w:DisplayVerticalDrawingGridEvery><w:DocumentKind>DocumentNotSpecified</w:DocumentKind></w:WordDocument></xml><![endif]--><!--[if gte mso 9]><xml><w:LatentStyles DefLockedState="false"  DefUnhideWhenUsed="true"  DefSemiHidden="true"  DefQFormat="false"  DefPriority="99"  LatentStyleCount="260" ></w:LatentStyles></xml><![endif]--><style>
@font-face{
font-family:"Times New Roman";
}

@font-face{
font-family:"仿宋_GB2312";
}

p.MsoNormal{
mso-style-name:正文;
mso-style-parent:"";
margin:0pt;
margin-bottom:.0001pt;
mso-pagination:none;
text-align:justify;
text-justify:inter-ideograph;
font-family:Calibri;
mso-fareast-font-family:宋体;
font-size:10.5000pt;
}
span.10{
font-family:'Times New Roman';
}
@page{mso-page-border-surround-header:no;
mso-page-border-surround-footer:no;}@page Section0{
}
div.Section0{page:Section0;}</style></head><body style="tab-interval:21.0000pt;text-justify-trim:punctuation;" ><!--StartFragment--><p class=MsoNormal style="text-indent:32.0000pt;mso-char-indent-count:2.0000;line-height:28.0000pt;mso-line-height-rule:exactly;"><b><span style="mso-spacerun:'yes';font-family:黑体;font-size:16.0000pt;mso-font-kerning:1.0000pt;">二、下半年工作计划</span></b><b><span style="mso-spacerun:'yes';font-family:黑体;font-size:16.0000pt;mso-font-kerning:1.0000pt;"><o:p></o:p></span></b></p><p class=MsoNormal style="line-height:28.0000pt;mso-line-height-rule:exactly;"><span style="mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:16.0000pt;mso-font-kerning:1.0000pt;">　　</span><span style="mso-spacerun:'yes';font-family:仿宋_GB2312;font-weight:bold;font-size:16.0000pt;mso-font-kerning:1.0000pt;">（一）持续抓好项目建设。</span><span style="mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:16.0000pt;mso-font-kerning:1.0000pt;">全年计划完成投资X亿元。</span><span style="mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:16.0000pt;mso-font-kerning:1.0000pt;"><o:p></o:p></span></p><table class=MsoNormalTable border=1 cellspacing=0 style="border-collapse:collapse;mso-table-layout-alt:fixed;border:none;mso-border-left-alt:0.5000pt solid windowtext;mso-padding-alt:0.0000pt 5.4000pt 0.0000pt 5.4000pt ;"><tr><td width=142 valign=top style="width:106.5000pt;padding:0.0000pt 5.4000pt 0.0000pt 5.4000pt ;border-left:0.5000pt solid windowtext;mso-border-left-alt:0.5000pt solid windowtext;"><p class=MsoNormal align=center style="text-align:center;"><span style="mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:12.0000pt;">指标</span><span style="mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:12.0000pt;"><o:p></o:p></span></p></td><td width=142 valign=top style="width:106.5000pt;padding:0.0000pt 5.4000pt 0.0000pt 5.4000pt ;"><p class=MsoNormal align=center style="text-align:center;"><span style="mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:12.0000pt;">完成值</span></p></td></tr><tr><td width=142 valign=top style="width:106.5000pt;"><p class=MsoNormal><span style="mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:12.0000pt;">固定资产投资</span></p></td><td width=142 valign=top style="width:106.5000pt;"><p class=MsoNormal><span style="mso-spacerun:'yes';font-family:仿宋_GB2312;font-size:12.0000pt;">X亿元</span></p></td></tr></table><p class=MsoNormal><span style="mso-spacerun:'yes';font-family:'Times New Roman';font-size:10.5000pt;mso-font-kerning:1.0000pt;"><o:p>&nbsp;</o:p></span></p><!--EndFragment--></body></html>`;

// A table copied from a web page in Chrome: header cells, a link, coloured bold text, an image, a <font>.
const WEB_HTML = `<meta charset='utf-8'><h3 style="color: rgb(51, 51, 51); font-family: &quot;Microsoft YaHei&quot;;">2020年上半年主要经济指标</h3><table class="table table-striped" style="border-collapse: collapse; width: 100%; color: rgb(51, 51, 51);"><thead><tr style="background: rgb(240, 240, 240);"><th style="padding: 8px;">指标</th><th style="padding: 8px;">完成值</th><th colspan="2" style="padding: 8px;">增速</th></tr></thead><tbody><tr><td style="padding: 8px;"><a href="https://tjj.example.gov.cn/zxfb/1.html" target="_blank">地区生产总值</a></td><td style="padding: 8px;"><span style="color: red; font-weight: 700;">X亿元</span></td><td style="padding: 8px;">X%</td><td style="padding: 8px;"><img src="https://tjj.example.gov.cn/up.png" alt="上升"></td></tr></tbody></table><p style="font-size: 12px;"><font color="#999999">来源：区统计局</font></p>`;

describe('cleanPastedHtml', () => {
  it('strips Word’s conditional comments, metadata, styles, <o:p> and mso- declarations', () => {
    const clean = cleanPastedHtml(WORD_HTML);
    for (const cruft of ['<!--', '<![', '<meta', '<link', '<style', '<xml', 'o:p', 'mso-', 'OfficeDocumentSettings', 'panose']) {
      expect(clean).not.toContain(cruft);
    }
    // Word's own <b style='mso-bidi-font-weight:normal'> is plain bold once its mso- style is gone.
    expect(clean).toContain('<b><span');
    // Ordinary declarations stay.
    expect(clean).toContain("style='text-indent:32.0pt'");
    expect(clean).toContain("style='font-size:16.0pt; font-family:\n黑体'");
  });

  it('keeps the numbers of Word list markers and drops bullet glyphs and the padding after them', () => {
    const clean = cleanPastedHtml(WORD_HTML);
    expect(clean).toMatch(/>1\.<span style='font-family:仿宋_GB2312'>加强基层组织建设/);
    expect(clean).not.toContain('·');
    expect(clean).not.toContain('Times New Roman');
    expect(cleanPastedHtml('<p><![if !supportLists]><span>（一）<span>&nbsp;&nbsp;</span></span><![endif]>文本</p>')).toBe(
      '<p>（一）文本</p>',
    );
    expect(cleanPastedHtml('<p><![if !supportLists]><span>Ø<span>&nbsp;</span></span><![endif]>文本</p>')).toBe('<p>文本</p>');
  });

  it('drops the duplicate line break Word adds for !supportLineBreakNewLine', () => {
    const clean = cleanPastedHtml(WORD_HTML);
    expect(clean.match(/<br/g)).toHaveLength(1);
  });

  it('cleans WPS HTML, whose style values hold quotes', () => {
    const clean = cleanPastedHtml(WPS_HTML);
    for (const cruft of ['<!--', '<meta', '<style', 'w:WordDocument', 'LatentStyles', 'o:p', 'mso-', '@font-face']) {
      expect(clean).not.toContain(cruft);
    }
    expect(clean).toContain('style="font-family:仿宋_GB2312; font-weight:bold; font-size:16.0000pt"');
    expect(clean).toContain('<table class=MsoNormalTable border=1 cellspacing=0 style="border-collapse:collapse; border:none"');
  });

  it('leaves ordinary web HTML alone apart from <meta>', () => {
    const clean = cleanPastedHtml(WEB_HTML);
    expect(clean).toBe(WEB_HTML.replace("<meta charset='utf-8'>", ''));
  });

  it('does not split declarations at the semicolon of an entity', () => {
    expect(cleanPastedHtml(`<span style="font-family:&quot;仿宋&quot;;mso-ascii-font-family:&quot;Times&quot;;font-weight:bold">`)).toBe(
      '<span style="font-family:&quot;仿宋&quot;; font-weight:bold">',
    );
  });

  it('keeps content meant for browsers in downlevel-revealed comments', () => {
    expect(cleanPastedHtml('<!--[if !mso]><!--><p>正文</p><!--<![endif]--><!--[if mso]><p>仅Word</p><![endif]-->')).toBe(
      '<p>正文</p>',
    );
  });
});

describe('cleanPastedText', () => {
  it('trims every line, 全角 indents included, and drops blank lines', () => {
    expect(cleanPastedText('　　一、上半年工作完成情况 \r\n\r\n\t　　加强基层组织建设。\n   \n')).toBe('一、上半年工作完成情况\n加强基层组织建设。');
    expect(cleanPastedText('X亿元')).toBe('X亿元');
    expect(cleanPastedText('  ')).toBe('  ');
  });
});

describe('pasting into the editor', () => {
  let view: EditorView | null = null;
  afterEach(() => {
    view?.destroy();
    view = null;
    document.body.innerHTML = '';
  });

  function paste(kind: 'html' | 'text', data: string): PMJSON[] {
    const state = EditorState.create({ schema, plugins: [pastePlugin()] });
    view = new EditorView(document.body.appendChild(document.createElement('div')), { state });
    const handled = kind === 'html' ? view.pasteHTML(data) : view.pasteText(data);
    expect(handled).toBe(true);
    view.state.doc.check();
    return (view.state.doc.toJSON() as PMJSON).content ?? [];
  }

  it('turns Word HTML into paragraphs with bold, numbering text and line breaks, dropping italics', () => {
    expect(paste('html', WORD_HTML)).toEqual(
      blocks(
        p(t('一、上半年工作完成情况', 'strong')),
        p(t('上半年预计X区实现地区生产总值X亿元，同比下降X%。')),
        p(t('1.加强基层组织建设')),
        p(t('深化“放管服”改革')),
        p(),
        p(t('第一行'), br, t('第二行同比增长')),
      ),
    );
  });

  it('turns WPS HTML into paragraphs and a table, dropping typed indents', () => {
    expect(paste('html', WPS_HTML)).toEqual(
      blocks(
        p(t('二、下半年工作计划', 'strong')),
        p(t('（一）持续抓好项目建设。', 'strong'), t('全年计划完成投资X亿元。')),
        { type: 'table', content: [row(cell([p(t('指标'))]), cell([p(t('完成值'))])), row(cell([p(t('固定资产投资'))]), cell([p(t('X亿元'))]))] },
        p(),
      ),
    );
  });

  it('keeps a web page table’s cells, spans and bold text, dropping links, colours and images', () => {
    expect(paste('html', WEB_HTML)).toEqual(
      blocks(
        { type: 'heading', attrs: { level: 3 }, content: [t('2020年上半年主要经济指标')] },
        {
          type: 'table',
          content: [
            row(cell([p(t('指标'))]), cell([p(t('完成值'))]), cell([p(t('增速'))], 2)),
            row(cell([p(t('地区生产总值'))]), cell([p(t('X亿元', 'strong'))]), cell([p(t('X%'))]), cell([p()])),
          ],
        },
        p(t('来源：区统计局')),
      ),
    );
  });

  it('keeps bold and drops italic and underline; h1 and h4 become the section’s heading levels', () => {
    const html = '<h1>总标题</h1><p><b>加强</b><i>斜体</i><u>下划线</u><span style="text-decoration:underline;font-weight:bold">粗下划</span></p><h4>小标题</h4>';
    expect(paste('html', html)).toEqual(
      blocks(
        { type: 'heading', attrs: { level: 2 }, content: [t('总标题')] },
        p(t('加强', 'strong'), t('斜体下划线'), t('粗下划', 'strong')),
        { type: 'heading', attrs: { level: 3 }, content: [t('小标题')] },
      ),
    );
  });

  it('makes one paragraph per line of plain text', () => {
    expect(paste('text', '　　一、上半年工作完成情况\r\n\r\n　　上半年预计X区实现地区生产总值X亿元。\n')).toEqual(
      blocks(
        p(t('一、上半年工作完成情况')),
        p(t('上半年预计X区实现地区生产总值X亿元。')),
      ),
    );
  });
});
