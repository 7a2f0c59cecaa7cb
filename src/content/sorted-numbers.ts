/** @module Binary search in ascending lists of numbers: the build cache's index, the archive layout's directory. */

/** The first index of `sorted` (ascending) whose value is `value` or more; `sorted.length` when there is none. */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
