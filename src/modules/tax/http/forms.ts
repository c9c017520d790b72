import { z } from 'zod';
import { checked, ids, str } from '../../../http/form.ts';
import type { RateInput, RuleInput } from '../admin.ts';

const fields = z.record(z.string(), z.unknown()).catch({});

/** The Tax Rate form (anything missing reads as empty, and is refused by the service). */
export const rateForm = fields.transform(
  (b): RateInput => ({
    code: str(b.code),
    countryId: str(b.tax_country_id),
    zipIsRange: checked(b.zip_is_range),
    postcode: str(b.tax_postcode),
    zipFrom: str(b.zip_from),
    zipTo: str(b.zip_to),
    rate: str(b.rate),
  }),
);

/** The Tax Rule form: multiselects arrive as one value or several. */
export const ruleForm = fields.transform(
  (b): RuleInput => ({
    code: str(b.code),
    rates: ids(b.tax_rate),
    customerClasses: ids(b.tax_customer_class),
    productClasses: ids(b.tax_product_class),
    priority: str(b.priority),
    position: str(b.position),
  }),
);
