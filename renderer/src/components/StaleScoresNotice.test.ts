import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import StaleScoresNotice from './StaleScoresNotice.svelte';
import HeatLegend from './HeatLegend.svelte';

describe('stale scores notice', () => {
  it('says how many photos an older model scored, and its button rescores', async () => {
    const onrescore = vi.fn();
    render(StaleScoresNotice, { stale: { photos: 1234, current: 'winnow-wsp 2.0.0', olderModels: ['winnow-wsp 1.0.0'] }, busy: false, onrescore });
    expect(screen.getByTestId('stale-scores').textContent).toContain('1,234 photos scored by an older model');
    await fireEvent.click(screen.getByTestId('rescore'));
    expect(onrescore).toHaveBeenCalledOnce();
  });

  it('cannot start a second scan while one runs', () => {
    render(StaleScoresNotice, { stale: { photos: 1, current: 'b 2', olderModels: ['b 1'] }, busy: true, onrescore: vi.fn() });
    expect((screen.getByTestId('rescore') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('quality map legend', () => {
  it('names its absolute scale for screen readers and shows the numbers', () => {
    render(HeatLegend);
    const legend = screen.getByTestId('heat-legend');
    expect(legend.getAttribute('aria-label')).toMatch(/red 20 or less .* green 80 or more/);
    expect(legend.textContent).toContain('≤20');
    expect(legend.textContent).toContain('≥80');
  });
});
