// Named focus targets: a view marks an element with `ref={focus.target('answer')}`, code that
// knows nothing of the DOM asks `focus.move('answer')`. An element that cannot take the focus
// yet gets it after the pending render (it may be about to appear or be enabled by the same
// state change).
export class FocusTargets {
  private readonly elements = new Map<string, HTMLElement>();
  private readonly refs = new Map<string, (el: HTMLElement | null) => void>();

  /** A ref callback for the element called `name` (the same function each render). */
  target(name: string): (el: HTMLElement | null) => void {
    let ref = this.refs.get(name);
    if (!ref) {
      ref = (el) => {
        if (el) this.elements.set(name, el);
        else this.elements.delete(name);
      };
      this.refs.set(name, ref);
    }
    return ref;
  }

  move(name: string): void {
    const el = this.elements.get(name);
    // At once when it can take the focus (the next key already goes there), else after the render.
    if (el && !(el as HTMLButtonElement).disabled && !el.closest('[hidden]')) el.focus();
    else window.setTimeout(() => this.elements.get(name)?.focus(), 0);
  }
}
