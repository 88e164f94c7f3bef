// Runs async commands one at a time, in submission order. All ACD state changes (API calls,
// SIP callbacks, timers) go through one Serial, so no two of them interleave across an
// await: no lost updates, no agent offered two calls (mod_callcenter's failure mode).
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(command: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(command);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once no command is queued or running, including ones queued meanwhile. */
  async idle(): Promise<void> {
    let tail: Promise<unknown>;
    do {
      tail = this.#tail;
      await tail;
    } while (tail !== this.#tail);
  }
}
