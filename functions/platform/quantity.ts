import * as z from 'zod';

/**
 * A real-valued input in [min, max], kept to `decimals` places. Bounds keep it in its domain
 * (outage hours in a year, money, lengths); the rounding keeps it in what DynamoDB stores — it
 * refuses magnitudes below 1e-130 (a 5e-324 would be a 500) and more than 38 significant digits.
 */
export const Quantity = (min: number, max: number, decimals: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .transform((x) => Number(x.toFixed(decimals)));
