import { beforeEach, describe, expect, it } from 'vitest';
import { takeToken } from './connect';

describe('the browser host token in the page', () => {
  beforeEach(() => {
    window.sessionStorage.clear();
  });

  it('is taken out of the address bar and its history entry, and kept for a reload in this tab only', () => {
    window.history.replaceState(null, '', '/s/abc/?token=secret-token#grid');
    expect(takeToken(window)).toBe('secret-token');
    expect(window.location.href).not.toContain('secret-token');
    expect(window.location.pathname + window.location.hash).toBe('/s/abc/#grid');
    // A reload has no token in its URL: the tab's session storage has it.
    expect(takeToken(window)).toBe('secret-token');
    expect(document.cookie).not.toContain('secret-token');
  });
});
