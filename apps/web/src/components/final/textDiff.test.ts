import { describe, expect, it } from 'vitest';
import { collapseEqual, diffStats, diffText, splitSentences, tokenize, type DiffPart } from './textDiff';

/** Rebuilds both sides from a diff. */
function sides(parts: readonly DiffPart[]): { before: string; after: string } {
  return {
    before: parts.filter((p) => p.kind !== 'insert').map((p) => p.text).join(''),
    after: parts.filter((p) => p.kind !== 'delete').map((p) => p.text).join(''),
  };
}

/** Whether no two neighbours share a kind and no part is empty. */
function wellFormed(parts: readonly DiffPart[]): boolean {
  return parts.every((p, i) => p.text !== '' && (i === 0 || parts[i - 1]!.kind !== p.kind));
}

describe('tokenize', () => {
  it('keeps Latin words and numbers whole and splits everything else per character', () => {
    expect(tokenize('增长12.5%，GDP')).toEqual(['增', '长', '12', '.', '5', '%', '，', 'GDP']);
    expect(tokenize('')).toEqual([]);
  });

  it('keeps characters outside the BMP whole', () => {
    expect(tokenize('𠀀好')).toEqual(['𠀀', '好']);
  });
});

describe('splitSentences', () => {
  it('ends sentences after Chinese and Latin stops and line breaks', () => {
    expect(splitSentences('一是抓好。二是落实！\n三是')).toEqual(['一是抓好。', '二是落实！\n', '三是']);
    expect(splitSentences('')).toEqual([]);
  });
});

describe('diffText', () => {
  it('finds a replaced placeholder', () => {
    expect(diffText('同比增长X%', '同比增长12%')).toEqual([
      { kind: 'equal', text: '同比增长' },
      { kind: 'delete', text: 'X' },
      { kind: 'insert', text: '12' },
      { kind: 'equal', text: '%' },
    ]);
  });

  it('reports identical texts as one equal part, and empty texts as nothing', () => {
    expect(diffText('不变', '不变')).toEqual([{ kind: 'equal', text: '不变' }]);
    expect(diffText('', '')).toEqual([]);
  });

  it('handles an empty side', () => {
    expect(diffText('', '新增内容')).toEqual([{ kind: 'insert', text: '新增内容' }]);
    expect(diffText('删除内容', '')).toEqual([{ kind: 'delete', text: '删除内容' }]);
  });

  it('finds insertions and deletions in the middle', () => {
    const parts = diffText('加强基层组织建设。', '全面加强基层党组织建设。');
    expect(parts).toEqual([
      { kind: 'insert', text: '全面' },
      { kind: 'equal', text: '加强基层' },
      { kind: 'insert', text: '党' },
      { kind: 'equal', text: '组织建设。' },
    ]);
  });

  it('treats a changed number as one replacement, not digit by digit', () => {
    expect(diffText('2019年', '2020年')).toEqual([
      { kind: 'delete', text: '2019' },
      { kind: 'insert', text: '2020' },
      { kind: 'equal', text: '年' },
    ]);
  });

  it('puts the deletion before the insertion and folds a lone kept character between changes', () => {
    const parts = diffText('完成投资的任务', '落实资金的计划');
    expect(parts).toEqual([
      { kind: 'delete', text: '完成投资的任务' },
      { kind: 'insert', text: '落实资金的计划' },
    ]);
  });

  it('always rebuilds both sides, also across paragraphs', () => {
    const before = '一是疫情防控有力有序。\n二是复工复产加快推进，规上工业增加值增长X%。\n三是民生保障扎实。';
    const after = '一是疫情防控有力有效。\n二是复工复产全面推进，规上工业增加值增长3.2%。\n新增一段。\n三是民生保障扎实。';
    const parts = diffText(before, after);
    expect(sides(parts)).toEqual({ before, after });
    expect(wellFormed(parts)).toBe(true);
    expect(parts.filter((p) => p.kind === 'insert').map((p) => p.text)).toContain('新增一段。\n');
  });

  it('falls back to sentences for large inputs and still rebuilds both sides', () => {
    const sentence = (i: number) => `第${i}项工作稳步推进，完成率达到百分之九十以上。`;
    const beforeList = Array.from({ length: 60 }, (_, i) => sentence(i));
    const afterList = [...beforeList];
    afterList[10] = '第10项工作全面完成。';
    afterList.splice(40, 1);
    const before = beforeList.join('');
    const after = afterList.join('');
    const parts = diffText(before, after, { maxCells: 5000 });
    expect(sides(parts)).toEqual({ before, after });
    expect(wellFormed(parts)).toBe(true);
    // The replaced sentence is diffed finely: its shared start stays equal.
    const deleted = parts.filter((p) => p.kind === 'delete').map((p) => p.text).join('');
    expect(deleted).toContain(sentence(40));
    expect(deleted).not.toContain('第10项工作');
  });

  it('replaces whole when even sentences are too many', () => {
    const parts = diffText('甲。乙。丙。', '丁。戊。己。', { maxCells: 2 });
    expect(sides(parts)).toEqual({ before: '甲。乙。丙。', after: '丁。戊。己。' });
    expect(wellFormed(parts)).toBe(true);
  });

  it('survives random edits (both sides rebuilt, parts well formed)', () => {
    const alphabet = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 40; round++) {
      const before = Array.from({ length: 30 + random(80) }, () => alphabet[random(alphabet.length)]).join('');
      const chars = Array.from(before);
      for (let k = 0; k < 1 + random(6); k++) {
        const at = random(chars.length + 1);
        if (random(2) === 0) chars.splice(at, 1 + random(4));
        else chars.splice(at, 0, ...Array.from({ length: 1 + random(5) }, () => alphabet[random(alphabet.length)]!));
      }
      const after = chars.join('');
      const parts = diffText(before, after, { maxCells: round % 2 === 0 ? 1_000_000 : 300 });
      expect(sides(parts)).toEqual({ before, after });
      expect(wellFormed(parts)).toBe(true);
    }
  });
});

describe('diffStats', () => {
  it('counts changed characters without whitespace', () => {
    expect(diffStats(diffText('同比增长X%', '同比增长12%'))).toEqual({ inserted: 2, deleted: 1 });
    expect(diffStats([{ kind: 'insert', text: 'a \n b' }])).toEqual({ inserted: 2, deleted: 0 });
  });
});

describe('collapseEqual', () => {
  const long = '甲'.repeat(100);

  it('keeps short unchanged stretches', () => {
    const parts: DiffPart[] = [{ kind: 'equal', text: '短' }, { kind: 'insert', text: '新' }];
    expect(collapseEqual(parts, 10)).toEqual(parts);
  });

  it('keeps context on the changed side only at the start and end', () => {
    const parts: DiffPart[] = [
      { kind: 'equal', text: long },
      { kind: 'insert', text: '新' },
      { kind: 'equal', text: long },
    ];
    expect(collapseEqual(parts, 10)).toEqual([
      { kind: 'gap', hidden: 90 },
      { kind: 'equal', text: '甲'.repeat(10) },
      { kind: 'insert', text: '新' },
      { kind: 'equal', text: '甲'.repeat(10) },
      { kind: 'gap', hidden: 90 },
    ]);
  });

  it('keeps context on both sides of a stretch between two changes', () => {
    const parts: DiffPart[] = [
      { kind: 'delete', text: '旧' },
      { kind: 'equal', text: long },
      { kind: 'insert', text: '新' },
    ];
    expect(collapseEqual(parts, 10)).toEqual([
      { kind: 'delete', text: '旧' },
      { kind: 'equal', text: '甲'.repeat(10) },
      { kind: 'gap', hidden: 80 },
      { kind: 'equal', text: '甲'.repeat(10) },
      { kind: 'insert', text: '新' },
    ]);
  });

  it('never collapses a diff without changes', () => {
    expect(collapseEqual([{ kind: 'equal', text: long }], 10)).toEqual([{ kind: 'equal', text: long }]);
  });
});
