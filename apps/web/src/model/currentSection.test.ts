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

  it('is the section being typed in while it shows below the bars, whatever the reading line says', () => {
    const laidOut = [
      { id: 'a', top: -900, bottom: 150 },
      { id: 'b', top: 160, bottom: 900 },
    ];
    expect(currentSectionId(laidOut, 170)).toBe('b');
    expect(currentSectionId(laidOut, 140)).toBe('a');
    expect(currentSectionId(laidOut, 140, 'b', 900)).toBe('b');
    // Scrolled away from it (above the bars, or below the window): the reading line decides again.
    expect(currentSectionId(laidOut, 170, 'a', 900)).toBe('b');
    expect(currentSectionId([{ id: 'a', top: -100, bottom: 700 }, { id: 'b', top: 950, bottom: 1400 }], 140, 'b', 900)).toBe('a');
  });
});
