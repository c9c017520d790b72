import type { RequestContext } from '../../../kernel/request-context.ts';
import type { StoreTree } from '../../stores/index.ts';
import { FormErrors, FormKey } from '../../../ui/components.tsx';
import type { StoreViewText, StoreViewTextInput } from '../public.ts';
import { mediaUrl } from './images.tsx';

/**
 * The "Scope:" select above a product or category form, as Stores > Configuration has it: All Store Views (the
 * default values) and, under each website and store, each store view. A GET form; the select submits on change.
 */
export function StoreViewSwitcher({ rc, action, tree, current }: { rc: RequestContext; action: string; tree: StoreTree; current?: number }) {
  const t = rc.t;
  return (
    <form method="get" action={action} class="scope-switcher">
      <label for="store-switcher" safe>
        {t('Scope:')}
      </label>
      <select id="store-switcher" name="store" data-autosubmit-change="true">
        <option value="" selected={current === undefined} safe>
          {t('All Store Views')}
        </option>
        {tree.websites.map((w) => (
          <optgroup label={w.name}>
            {tree.stores
              .filter((s) => s.website_id === w.id)
              .flatMap((s) => tree.views.filter((v) => v.store_id === s.id))
              .map((v) => (
                <option value={String(v.id)} selected={current === v.id} safe>
                  {v.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <button type="submit" class="action-secondary" safe>
        {t('Switch Scope')}
      </button>
    </form>
  );
}

interface TextRowProps {
  rc: RequestContext;
  name: 'name' | 'short_description' | 'description';
  label: string;
  useDefault: boolean;
  value: string;
  error?: string;
}

/** One text field at a store view with its "Use Default Value" box (ticked: the default shows; the script greys the field). */
function StoreViewTextRow({ rc, name, label, useDefault, value, error }: TextRowProps) {
  const t = rc.t;
  const id = `f-${name}`;
  const control =
    name === 'name' ? (
      <input id={id} name={name} type="text" value={value} maxlength={255} aria-invalid={error ? 'true' : undefined} />
    ) : (
      <textarea id={id} name={name} rows={name === 'description' ? '6' : '3'} safe>
        {value}
      </textarea>
    );
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>
        <span safe>{label}</span>{' '}
        <span class="scope-label" safe>
          {t('[STORE VIEW]')}
        </span>
      </label>
      <div class="control">
        {control}
        <label class="use-default">
          <input type="checkbox" name={`use_default_${name}`} value="1" checked={useDefault} data-inherit-for={id} /> <span safe>{t('Use Default Value')}</span>
        </label>
        {error ? (
          <div class="field-error-message" safe>
            {error}
          </div>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}

type ShownImage = NonNullable<StoreViewText['images']>[number];

/** An image's alt text at a store view, beside its thumbnail, with its "Use Default Value" box. */
function StoreViewAltRow({
  rc,
  img,
  n,
  useDefault,
  value,
  error,
}: {
  rc: RequestContext;
  img: ShownImage;
  n: number;
  useDefault: boolean;
  value: string;
  error?: string;
}) {
  const t = rc.t;
  const id = `f-alt-${img.id}`;
  return (
    <div class={`field store-view-alt${error ? ' field-error' : ''}`}>
      <label for={id}>
        <img src={mediaUrl(img, img.widths[0]!, img.fallback)} width="48" alt="" /> <span safe>{t('Alt Text')}</span>{' '}
        <span class="scope-label" safe>
          {t('Image {n}', { n })}
        </span>{' '}
        <span class="scope-label" safe>
          {t('[STORE VIEW]')}
        </span>
      </label>
      <div class="control">
        <input id={id} name={`alt_${img.id}`} type="text" value={value} maxlength={255} aria-invalid={error ? 'true' : undefined} />
        <label class="use-default">
          <input type="checkbox" name={`use_default_alt_${img.id}`} value="1" checked={useDefault} data-inherit-for={id} />{' '}
          <span safe>{t('Use Default Value')}</span>
        </label>
        {error ? (
          <div class="field-error-message" safe>
            {error}
          </div>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}

export interface StoreViewFormData {
  formId: string;
  action: string;
  text: StoreViewText;
  viewName: string;
  /** The fields' labels; a short description's field shows when it has a label (products). */
  labels: { name: string; description: string; short_description?: string };
  /** The fields as submitted, when a save was refused. */
  input?: StoreViewTextInput;
  errors?: { message?: string; fields?: Record<string, string> };
}

/** The product or category form at a store view: the text fields only, each with "Use Default Value". */
export function StoreViewTextForm({ rc, d }: { rc: RequestContext; d: StoreViewFormData }) {
  const t = rc.t;
  const fe = d.errors?.fields ?? {};
  const field = (k: 'name' | 'short_description' | 'description') => {
    const sent = d.input?.[k];
    const own = d.text.own[k] ?? null;
    const useDefault = sent ? sent.useDefault : own === null;
    const value = sent ? sent.value : (own ?? d.text.defaults[k] ?? '');
    return <StoreViewTextRow rc={rc} name={k} label={d.labels[k] ?? ''} useDefault={useDefault} value={value} error={fe[k] && t(fe[k])} />;
  };
  return (
    <form id={d.formId} method="post" action={d.action} class="admin-form" novalidate>
      <FormKey rc={rc} />
      <input type="hidden" name="store" value={String(d.text.storeViewId)} />
      <FormErrors messages={d.errors?.message ? [t(d.errors.message)] : fe.store ? [t(fe.store)] : []} />
      <div class="message notice" safe>
        {t(
          'You are editing the text shown in the store view "{view}". Other fields apply to all store views: switch the scope to All Store Views to change them.',
          {
            view: d.viewName,
          },
        )}
      </div>
      {field('name')}
      {d.labels.short_description ? field('short_description') : ''}
      {field('description')}
      {(d.text.images ?? []).map((img, i) => {
        const sent = d.input?.alts?.find((a) => a.id === img.id);
        const useDefault = sent ? sent.useDefault : img.own === null;
        const error = fe[`alt_${img.id}`];
        return (
          <StoreViewAltRow rc={rc} img={img} n={i + 1} useDefault={useDefault} value={sent ? sent.value : (img.own ?? img.alt)} error={error && t(error)} />
        );
      })}
    </form>
  );
}
