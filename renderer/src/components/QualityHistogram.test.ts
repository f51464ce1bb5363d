import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import QualityHistogram from './QualityHistogram.svelte';

const histogram = { min: 10, max: 90, counts: [1, 3, 5, 2] };

describe('quality histogram', () => {
  it('takes a range typed from the keyboard, in either order, and clears it', async () => {
    const onchange = vi.fn();
    const { rerender } = render(QualityHistogram, { histogram, min: undefined, max: undefined, onchange });
    await fireEvent.change(screen.getByLabelText('Minimum quality'), { target: { value: '40' } });
    expect(onchange).toHaveBeenLastCalledWith(40, undefined);
    await rerender({ histogram, min: 40, max: undefined, onchange });
    await fireEvent.change(screen.getByLabelText('Maximum quality'), { target: { value: '25' } });
    expect(onchange).toHaveBeenLastCalledWith(25, 40);
    await rerender({ histogram, min: 25, max: 40, onchange });
    await fireEvent.change(screen.getByLabelText('Minimum quality'), { target: { value: '' } });
    expect(onchange).toHaveBeenLastCalledWith(undefined, 40);
  });

  it('shows the chart to assistive technology as an image with its purpose', () => {
    render(QualityHistogram, { histogram, min: undefined, max: undefined, onchange: vi.fn() });
    expect(screen.getByRole('img', { name: /Quality histogram/ })).toBeTruthy();
  });
});
