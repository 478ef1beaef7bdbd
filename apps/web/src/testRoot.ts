// Test helper of the component tests (happy-dom): one React root per test, cleaned up after it.
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll } from 'vitest';

/** What {@link setupTestRoot} gives a test file. */
export interface TestRoot {
  /** Renders into this test's container (the same root on every call of a test), inside act. */
  render(node: ReactNode): HTMLElement;
  /** Unmounts the root, keeping the container to look into; the next render makes a new root. */
  unmount(): void;
  /** This test's container; null before the first render. */
  host(): HTMLElement | null;
}

/**
 * Call at the top of a component test file: tells React it runs under act, and after each test
 * unmounts what was rendered and removes its container from the document.
 *
 * @example
 * const { render } = setupTestRoot();
 * const el = render(createElement(LockedBanner, props));
 */
export function setupTestRoot(): TestRoot {
  let root: Root | null = null;
  let host: HTMLElement | null = null;

  const unmount = () => {
    if (root) act(() => root!.unmount());
    root = null;
  };

  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  });
  afterEach(() => {
    unmount();
    host?.remove();
    host = null;
  });

  return {
    render(node) {
      host ??= document.body.appendChild(document.createElement('div'));
      root ??= createRoot(host);
      act(() => root!.render(node));
      return host;
    },
    unmount,
    host: () => host,
  };
}
