// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JUMP_TARGET_CLASS, jumpToSection } from './jumpToSection';

beforeEach(() => {
  vi.useFakeTimers();
  window.location.hash = '#/reports/r1/final';
});

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('jumpToSection', () => {
  it('opens the report page and scrolls to the section once it is rendered', () => {
    jumpToSection('r1', 's7');
    expect(window.location.hash).toBe('#/reports/r1');
    vi.advanceTimersByTime(300);
    const target = document.createElement('article');
    target.id = 'section-s7';
    target.scrollIntoView = vi.fn();
    document.body.append(target);
    vi.advanceTimersByTime(100);
    expect(target.scrollIntoView).toHaveBeenCalledWith({ block: 'start' });
    expect(target.classList.contains(JUMP_TARGET_CLASS)).toBe(true);
    // Kept aligned while the page settles…
    vi.advanceTimersByTime(600);
    expect((target.scrollIntoView as ReturnType<typeof vi.fn>).mock.calls.length).toBeGreaterThan(1);
    vi.advanceTimersByTime(3000);
    expect(target.classList.contains(JUMP_TARGET_CLASS)).toBe(false);
  });

  it('stops following as soon as the user scrolls', () => {
    const target = document.createElement('article');
    target.id = 'section-s8';
    target.scrollIntoView = vi.fn();
    document.body.append(target);
    jumpToSection('r1', 's8');
    vi.advanceTimersByTime(100);
    expect(target.scrollIntoView).toHaveBeenCalledTimes(1);
    window.dispatchEvent(new Event('wheel'));
    vi.advanceTimersByTime(2000);
    expect(target.scrollIntoView).toHaveBeenCalledTimes(1);
  });
});
