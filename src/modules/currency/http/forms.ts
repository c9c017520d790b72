import { z } from 'zod';
import type { RateInput } from '../service.ts';

const FIELD = /^rate_([A-Z]{3})_([A-Z]{3})$/;

/** The Currency Rates form: every `rate_<FROM>_<TO>` field as typed (a value that is not one string reads as empty). */
export const ratesForm = z
  .record(z.string(), z.unknown())
  .catch({})
  .transform((body): RateInput[] =>
    Object.entries(body).flatMap(([name, v]) => {
      const m = FIELD.exec(name);
      return m ? [{ from: m[1]!, to: m[2]!, value: typeof v === 'string' ? v : '' }] : [];
    }),
  );
