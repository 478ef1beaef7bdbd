import { describe, expect, it } from 'vitest';
import { stepPlaceholderTour } from './placeholderTour';

const sections = [
  { id: 'a', count: 2 },
  { id: 'b', count: 0 },
  { id: 'c', count: 1 },
];

describe('stepPlaceholderTour', () => {
  it('starts at the first placeholder of the first section that has any', () => {
    expect(stepPlaceholderTour(sections, null)).toEqual({ sectionId: 'a', index: 0 });
    expect(stepPlaceholderTour([{ id: 'x', count: 0 }, ...sections], null)).toEqual({ sectionId: 'a', index: 0 });
  });

  it('goes through a section’s placeholders, skips sections without, and wraps to the top', () => {
    expect(stepPlaceholderTour(sections, { sectionId: 'a', index: 0 })).toEqual({ sectionId: 'a', index: 1 });
    expect(stepPlaceholderTour(sections, { sectionId: 'a', index: 1 })).toEqual({ sectionId: 'c', index: 0 });
    expect(stepPlaceholderTour(sections, { sectionId: 'c', index: 0 })).toEqual({ sectionId: 'a', index: 0 });
  });

  it('moves on when the section it stood in was filled meanwhile or is gone', () => {
    expect(stepPlaceholderTour([{ id: 'a', count: 1 }, { id: 'c', count: 1 }], { sectionId: 'a', index: 1 })).toEqual({ sectionId: 'c', index: 0 });
    expect(stepPlaceholderTour(sections, { sectionId: 'deleted', index: 3 })).toEqual({ sectionId: 'a', index: 0 });
  });

  it('is null when nothing is left to fill', () => {
    expect(stepPlaceholderTour([{ id: 'a', count: 0 }], { sectionId: 'a', index: 0 })).toBeNull();
    expect(stepPlaceholderTour([], null)).toBeNull();
  });
});
