// A memory budget shared by every connection of one sandbox: the bytes of request frames that
// are being received or wait to be handled. A connection reserves a frame's declared size as soon
// as the 4-byte size is read, and gives it back when the frame has been handled; while the budget
// is spent, connections that need room stop reading (socket.pause) and wait in arrival order.
// Like Kafka's memory pool (queued.max.request.bytes), a reservation is granted whenever some room
// is left, even if the frame is larger than that room: a frame up to the size cap can always be
// received, and memory stays below the budget plus one frame.

export type BudgetWaiter = () => void;

export class ReceiveBudget {
  private used = 0;
  private readonly waiters: BudgetWaiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isFinite(limit) || limit < 1) throw new Error(`the receive budget must be at least 1 byte, got ${limit}`);
  }

  /** Bytes reserved now. */
  get inUse(): number {
    return this.used;
  }

  /** Connections waiting for room. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Reserves n bytes when room is left and nobody waits before us (first come, first served);
   * false otherwise: call wait() and try again when woken.
   */
  tryReserve(n: number, queued = false): boolean {
    if (this.used >= this.limit) return false;
    if (!queued && this.waiters.length > 0) return false;
    this.used += n;
    return true;
  }

  release(n: number): void {
    this.used -= n;
    if (this.used < 0) this.used = 0;
    // Wake waiters one at a time while room is left; each one reserves synchronously (or waits again).
    while (this.used < this.limit && this.waiters.length > 0) this.waiters.shift()!();
  }

  wait(w: BudgetWaiter): void {
    this.waiters.push(w);
  }

  cancel(w: BudgetWaiter): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}
