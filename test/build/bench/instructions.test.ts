import { describe, expect, it } from 'vitest';
import { repeatOrder } from '../../../bench/instructions';

describe('repeatOrder', () => {
  it('counts every kind once per repeat, each repeat starting at another kind', () => {
    const orders = [0, 1, 2].map((repeat) => repeatOrder(16, repeat, 3));
    for (const order of orders) expect([...order].sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    expect(orders.map((order) => order[0])).toEqual([0, 5, 11]);
    expect(orders[1]!.slice(0, 3)).toEqual([5, 6, 7]);
    expect(orders[2]!.slice(-2)).toEqual([9, 10]);
  });

  it('keeps the list as it is for a single repeat', () => {
    expect(repeatOrder(4, 0, 1)).toEqual([0, 1, 2, 3]);
  });
});
