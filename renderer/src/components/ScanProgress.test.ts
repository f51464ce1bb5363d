import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ScanStatus } from '../../../electron/shared/api-contract';
import ScanProgress from './ScanProgress.svelte';

type Progress = NonNullable<ScanStatus['progress']>;
const progress: Progress = { phase: 'scoring', found: 1200, total: 1200, done: 300, failed: 2, ratePerSecond: 12.5, etaSeconds: 72, current: null };

function status(over: Partial<ScanStatus> = {}): ScanStatus {
  return { state: 'scanning', active: '/home/me/Pictures/2026 trip', queued: ['/b'], progress, lastError: null, execution: null, providerNotes: [], ...over };
}

describe('scan progress', () => {
  it('shows the folder, the count, the rate, the time left and the failures', () => {
    render(ScanProgress, { status: status(), onpause: vi.fn(), onresume: vi.fn(), oncancel: vi.fn() });
    const box = screen.getByTestId('scan-progress');
    expect(box.textContent).toContain('Scoring');
    expect(box.textContent).toContain('2026 trip');
    expect(box.textContent).toContain('+1 queued');
    expect(screen.getByTestId('scan-count').textContent).toBe('300 / 1,200');
    expect(box.textContent).toContain('12.5/s');
    expect(box.textContent).toContain('2 failed');
  });

  it('says what scoring runs on, with why other providers were passed over', () => {
    render(ScanProgress, { status: status({ execution: 'CPU, 1 thread', providerNotes: ['webgpu: no adapter'] }), onpause: vi.fn(), onresume: vi.fn(), oncancel: vi.fn() });
    const on = screen.getByTestId('scan-execution');
    expect(on.textContent).toBe('on CPU, 1 thread');
    expect(on.getAttribute('title')).toBe('Passed over: webgpu: no adapter');
  });

  it('offers pause while scanning and resume while paused', async () => {
    const onpause = vi.fn();
    const onresume = vi.fn();
    const oncancel = vi.fn();
    const { rerender } = render(ScanProgress, { status: status(), onpause, onresume, oncancel });
    await fireEvent.click(screen.getByTestId('scan-pause'));
    expect(onpause).toHaveBeenCalledOnce();
    await rerender({ status: status({ state: 'paused' }) });
    expect(screen.getByTestId('scan-progress').textContent).toContain('Paused');
    expect(screen.queryByTestId('scan-pause')).toBeNull();
    await fireEvent.click(screen.getByTestId('scan-resume'));
    await fireEvent.click(screen.getByTestId('scan-cancel'));
    expect(onresume).toHaveBeenCalledOnce();
    expect(oncancel).toHaveBeenCalledOnce();
  });

  it('says it is still finding photos before the total is known', () => {
    render(ScanProgress, { status: status({ progress: { ...progress, phase: 'walking', total: 0, done: 0, found: 340 } }), onpause: vi.fn(), onresume: vi.fn(), oncancel: vi.fn() });
    expect(screen.getByTestId('scan-progress').textContent).toContain('Finding photos');
    expect(screen.getByTestId('scan-progress').textContent).toContain('340 found');
  });

  it('gives the count as a progress bar, and keeps it out of the live region', () => {
    render(ScanProgress, { status: status(), onpause: vi.fn(), onresume: vi.fn(), oncancel: vi.fn() });
    const bar = screen.getByRole('progressbar', { name: 'Scan progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('300');
    expect(bar.getAttribute('aria-valuemax')).toBe('1200');
    expect(bar.getAttribute('aria-valuetext')).toBe('300 of 1,200 photos');
    // A screen reader reads a live region's every change: the state, not four counts a second.
    const live = screen.getByRole('status');
    expect(live.textContent).toContain('Scoring');
    expect(live.textContent).toContain('2026 trip');
    expect(live.textContent).not.toMatch(/300|1,200|12\.5/);
  });

  it('fills a quarter of the bar for 300 of 1,200', () => {
    render(ScanProgress, { status: status(), onpause: vi.fn(), onresume: vi.fn(), oncancel: vi.fn() });
    const fill = screen.getByTestId('scan-bar').firstElementChild as HTMLElement;
    expect(fill.style.width).toBe('25%');
  });

  it('has no value while the total is unknown', () => {
    render(ScanProgress, { status: status({ progress: { ...progress, phase: 'walking', total: 0, done: 0, found: 340 } }), onpause: vi.fn(), onresume: vi.fn(), oncancel: vi.fn() });
    const bar = screen.getByRole('progressbar');
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.classList.contains('indeterminate')).toBe(true);
  });
});
