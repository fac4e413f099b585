/**
 * A two-generation cache: when the young map fills up it becomes the old one and the previous old one
 * is dropped. Near-LRU behaviour with plain Maps; clearing one full map instead made a vocabulary
 * just over the limit miss on nearly every word.
 */
export class GenerationCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const oldHit = this.old.get(key);
    if (oldHit !== undefined) this.set(key, oldHit);
    return oldHit;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
