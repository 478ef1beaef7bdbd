import { describe, expect, it } from 'vitest';
import { currentSectionId } from './currentSection';

describe('currentSectionId', () => {
  const tops = [
    { id: 'a', top: -900 },
    { id: 'b', top: -20 },
    { id: 'c', top: 400 },
    { id: 'd', top: 1200 },
  ];

  it('is the last section whose top has passed the reading line', () => {
    expect(currentSectionId(tops, 130)).toBe('b');
    expect(currentSectionId(tops, 400)).toBe('c');
    expect(currentSectionId(tops, 399)).toBe('b');
  });

  it('is the first section above them all, and the last below them all', () => {
    expect(currentSectionId([{ id: 'a', top: 300 }, { id: 'b', top: 900 }], 130)).toBe('a');
    expect(currentSectionId(tops, 5000)).toBe('d');
  });

  it('is null without sections', () => {
    expect(currentSectionId([], 130)).toBeNull();
  });
});
