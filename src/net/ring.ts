/** Bounded buffer of the last N serialised events, by seq, for resume. */
export interface Frame {
  seq: number;
  type: string;
  session: string | undefined;
  /** coalescing key for state events (`pane.output`/`agent.status` per pane), else undefined */
  key: string | undefined;
  /** the serialised wire event, built once per broadcast */
  text: string;
  /** for clients of the original protocol (`pane.output` without `data.text`), made when first needed */
  original?: string;
}

export class Ring {
  private readonly items: (Frame | undefined)[];
  private start = 0;
  private count = 0;
  readonly capacity: number;
  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.items = new Array(this.capacity);
  }

  push(frame: Frame): void {
    const at = (this.start + this.count) % this.capacity;
    this.items[at] = frame;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest buffered seq, or undefined when empty. */
  oldest(): number | undefined {
    return this.count ? this.items[this.start]?.seq : undefined;
  }

  /** Frames with seq > after, or null when some of them are no longer buffered. */
  since(after: number, latest: number): Frame[] | null {
    if (after >= latest) return [];
    const oldest = this.oldest();
    if (oldest === undefined || oldest > after + 1) return null;
    const out: Frame[] = [];
    for (let i = 0; i < this.count; i++) {
      const f = this.items[(this.start + i) % this.capacity];
      if (f && f.seq > after) out.push(f);
    }
    return out;
  }
}
