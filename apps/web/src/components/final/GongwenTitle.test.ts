// @vitest-environment happy-dom
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { setupTestRoot } from '../../testRoot';
import { GongwenTitle } from './GongwenTitle';

const { render } = setupTestRoot();

describe('GongwenTitle', () => {
  it('marks where the .docx breaks the title with <wbr>, and only there', () => {
    const el = render(createElement(GongwenTitle, { title: '示例区2020年上半年工作总结及下半年工作计划' }));
    const h1 = el.querySelector('h1.final-doc__title')!;
    expect(h1.textContent).toBe('示例区2020年上半年工作总结及下半年工作计划');
    expect(h1.innerHTML).toBe('示例区2020年上半年工作总结及<wbr>下半年工作计划');
  });

  it('leaves a title of one line as it is', () => {
    const el = render(createElement(GongwenTitle, { title: '示例区政府工作报告' }));
    expect(el.querySelector('h1')!.innerHTML).toBe('示例区政府工作报告');
  });
});
