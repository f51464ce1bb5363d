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

// jsdom decodes no images, so it has no HTMLImageElement.decode (which the loupe awaits before it
// shows a preview). Nothing to decode: resolved at once, as a browser does for a decoded image.
if (typeof HTMLImageElement !== 'undefined' && !('decode' in HTMLImageElement.prototype)) {
  Object.defineProperty(HTMLImageElement.prototype, 'decode', { value: () => Promise.resolve(), configurable: true, writable: true });
}
