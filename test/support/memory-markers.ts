import type { LetterRecord, SendMarker, SendMarkers } from '../../functions/domain/ports';

/**
 * The marks of a job's sends in memory, with the adapter's semantics
 * (functions/adapters/dynamodb-send-markers.ts): the first claim wins, a release gives back only a
 * claim still `sending`. `failNextClaim` makes the next claim throw (a store that cannot be reached).
 */
export class MemoryMarkers implements SendMarkers {
  readonly marks = new Map<string, LetterRecord>();
  private claimFault?: Error;

  static id(m: SendMarker): string {
    return `${m.job}/${m.day}/${m.key}`;
  }

  failNextClaim(error: Error): void {
    this.claimFault = error;
  }

  async claim(marker: SendMarker, at: string): Promise<LetterRecord | undefined> {
    if (this.claimFault) {
      const error = this.claimFault;
      this.claimFault = undefined;
      throw error;
    }
    const earlier = this.marks.get(MemoryMarkers.id(marker));
    if (earlier) return { ...earlier };
    this.marks.set(MemoryMarkers.id(marker), { state: 'sending', at });
    return undefined;
  }

  async settle(marker: SendMarker, record: LetterRecord): Promise<void> {
    this.marks.set(MemoryMarkers.id(marker), { ...record });
  }

  async release(marker: SendMarker): Promise<void> {
    if (this.marks.get(MemoryMarkers.id(marker))?.state === 'sending') this.marks.delete(MemoryMarkers.id(marker));
  }
}
