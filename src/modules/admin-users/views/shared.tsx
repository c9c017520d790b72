import type { RequestContext } from '../../../kernel/request-context.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormKey } from '../../../ui/components.tsx';

/** What the user and role pages share: the edit page's header buttons and the delete confirmation. */
export interface EditTarget {
  /** The list's path (e.g. /admin/system/users). */
  base: string;
  /** The record being edited; undefined for a new one (no Delete button). */
  id?: number;
  /** The id of the page's form, which Reset and Save act on. */
  formId: string;
  deleteLabel: string;
  saveLabel: string;
}

/** Back, Delete (existing records only), Reset and Save, in Magento's order. */
export function EditActions({ rc, target }: { rc: RequestContext; target: EditTarget }) {
  const t = rc.t;
  return (
    <>
      <a class="action-secondary" href={target.base} safe>
        {t('Back')}
      </a>
      {target.id === undefined ? (
        ''
      ) : (
        <a class="action-secondary action-delete" href={`${target.base}/${target.id}/delete`} safe>
          {target.deleteLabel}
        </a>
      )}
      <button type="reset" form={target.formId} class="action-secondary" safe>
        {t('Reset')}
      </button>
      <button type="submit" form={target.formId} class="action-primary" safe>
        {target.saveLabel}
      </button>
    </>
  );
}

/** The confirmation before deleting a record (works without JavaScript); `question` and `label` come translated. */
export function confirmDeletePage(rc: RequestContext, o: { base: string; id: number; label: string; question: string }) {
  const t = rc.t;
  return adminPage(rc, {
    title: o.label,
    active: 'system',
    content: (
      <form method="post" action={`${o.base}/${o.id}/delete`} class="confirm-delete">
        <FormKey rc={rc} />
        <p safe>{o.question}</p>
        <a class="action-secondary" href={`${o.base}/${o.id}/edit`} safe>
          {t('Cancel')}
        </a>{' '}
        <button type="submit" class="action-primary" safe>
          {o.label}
        </button>
      </form>
    ),
  });
}
