/** `order` rotated by `i`, so no case always runs first (or last) in its round. */
export function rotated<T>(order: readonly T[], i: number): T[] {
  const k = i % order.length;
  return [...order.slice(k), ...order.slice(0, k)];
}
