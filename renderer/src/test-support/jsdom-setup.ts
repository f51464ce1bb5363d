// jsdom lays nothing out, so it has no ResizeObserver (which Svelte's bind:clientWidth uses).
// Sizes stay 0 in component tests, as jsdom reports them; an observer that never fires is true
// to that.
if (!('ResizeObserver' in globalThis)) {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
