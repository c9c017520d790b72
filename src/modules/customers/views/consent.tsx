import { formatDate } from '../../../kernel/dates.ts';
import type { RequestContext } from '../../../kernel/request-context.ts';
import { CheckboxField } from '../../../ui/components.tsx';

/** The consent checkbox's texts for this store view (from config), or null while Login as Customer is disabled. */
export type ConsentBox = { title: string; tooltip: string } | null;

/**
 * How long the consent lasts (spec §3, beyond the peers). With a consent already in force, "as now" keeps its
 * expiry; a new choice starts a new period.
 */
function DurationSelect({ rc, current, expiresAt }: { rc: RequestContext; current: boolean; expiresAt?: string | null }) {
  const t = rc.t;
  const keepLabel = expiresAt ? t('as now (until {date})', { date: formatDate(expiresAt, rc) }) : t('as now (until I turn it off)');
  return (
    <div class="field consent-duration">
      <label for="assistance_duration" safe>
        {t('Allow it')}
      </label>
      <select id="assistance_duration" name="assistance_duration">
        {current ? (
          <option value="keep" selected safe>
            {keepLabel}
          </option>
        ) : (
          ''
        )}
        <option value="24h" safe>
          {t('for 24 hours')}
        </option>
        <option value="7d" safe>
          {t('for 7 days')}
        </option>
        <option value="forever" selected={!current} safe>
          {t('until I turn it off')}
        </option>
      </select>
    </div>
  );
}

type ConsentCheckboxProps = { rc: RequestContext; box: ConsentBox; checked: boolean; current?: boolean; expiresAt?: string | null };

/** The consent checkbox (spec §3): label and tooltip from config for this store view; absent while disabled. */
export function ConsentCheckbox({ rc, box, checked: isChecked, current = false, expiresAt }: ConsentCheckboxProps) {
  if (!box) return '';
  return (
    <>
      <CheckboxField name="assistance_allowed" id="assistance_allowed" label={box.title} title={box.tooltip} note={box.tooltip} checked={isChecked} />
      <DurationSelect rc={rc} current={current} expiresAt={expiresAt} />
    </>
  );
}
