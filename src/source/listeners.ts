/** A set of listeners: what every DataSource needs for `subscribe` and `onConnection`. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  /** Add a listener; returns the function that removes it. */
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const l of this.set) l(value);
  }
}
