import type { FlashMessage, RequestContext } from '../kernel/request-context.ts';

/**
 * Where a storefront page's form key goes (storefront requests carry it as `rc.csrfToken`; `personalize` fills
 * it for each visitor). It holds raw double quotes, which @kitajs/html escapes everywhere it escapes, in text and
 * in attribute values alike (a `<` survives in attribute values), so no escaped text can produce it. Only this
 * field writes it, raw, since attribute escaping would spoil it as well.
 */
export const FORM_KEY_MARKER = '<!--"cc:form-key"-->';
const FORM_KEY_SLOT_FIELD = `<input type="hidden" name="form_key" value="${FORM_KEY_MARKER}"/>`;

/** Hidden CSRF field for every form that changes state. */
export function FormKey({ rc }: { rc: RequestContext }): JSX.Element {
  if (rc.csrfToken === FORM_KEY_MARKER) return FORM_KEY_SLOT_FIELD;
  return <input type="hidden" name="form_key" value={rc.csrfToken} />;
}

export function Flash({ messages }: { messages: FlashMessage[] }) {
  if (!messages.length) return '';
  return (
    <div class="messages" role="status">
      {messages.map((m) => (
        <div class={`message message-${m.type}`} data-ui-id={`message-${m.type}`} safe>
          {m.text}
        </div>
      ))}
    </div>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  value?: string | null;
  error?: string;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'datetime-local';
  note?: string;
  disabled?: boolean;
  autocomplete?: string;
  id?: string;
  maxlength?: number;
}

export function TextField(p: FieldProps) {
  const id = p.id ?? `f-${p.name}`;
  return (
    <div class={`field${p.error ? ' field-error' : ''}${p.required ? ' required' : ''}`}>
      <label for={id} safe>
        {p.label}
      </label>
      <div class="control">
        <input
          id={id}
          name={p.name}
          type={p.type ?? 'text'}
          value={p.value ?? ''}
          required={p.required}
          disabled={p.disabled}
          autocomplete={p.autocomplete}
          maxlength={p.maxlength}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={p.error ? `${id}-error` : undefined}
        />
        {p.note ? (
          <div class="note" safe>
            {p.note}
          </div>
        ) : (
          ''
        )}
        {p.error ? (
          <div class="field-error-message" id={`${id}-error`} safe>
            {p.error}
          </div>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}

export function TextAreaField(p: FieldProps & { rows?: number }) {
  const id = p.id ?? `f-${p.name}`;
  return (
    <div class={`field${p.error ? ' field-error' : ''}${p.required ? ' required' : ''}`}>
      <label for={id} safe>
        {p.label}
      </label>
      <div class="control">
        <textarea id={id} name={p.name} rows={String(p.rows ?? 4)} required={p.required} disabled={p.disabled} safe>
          {p.value ?? ''}
        </textarea>
        {p.error ? (
          <div class="field-error-message" safe>
            {p.error}
          </div>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

export function SelectField(p: FieldProps & { options: Option[]; groups?: { label: string; options: Option[] }[]; multiple?: boolean; selected?: string[] }) {
  const id = p.id ?? `f-${p.name}`;
  const isSelected = (v: string) => (p.selected ? p.selected.includes(v) : v === (p.value ?? ''));
  const renderOption = (o: Option) => (
    <option value={o.value} selected={isSelected(o.value)} disabled={o.disabled} safe>
      {o.label}
    </option>
  );
  return (
    <div class={`field${p.error ? ' field-error' : ''}${p.required ? ' required' : ''}`}>
      <label for={id} safe>
        {p.label}
      </label>
      <div class="control">
        <select id={id} name={p.name} required={p.required} disabled={p.disabled} multiple={p.multiple ? 'multiple' : undefined}>
          {p.options.map(renderOption)}
          {(p.groups ?? []).map((g) => (
            <optgroup label={g.label}>{g.options.map(renderOption)}</optgroup>
          ))}
        </select>
        {p.note ? (
          <div class="note" safe>
            {p.note}
          </div>
        ) : (
          ''
        )}
        {p.error ? (
          <div class="field-error-message" safe>
            {p.error}
          </div>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}

export function CheckboxField(p: {
  name: string;
  label: string;
  checked: boolean;
  value?: string;
  title?: string;
  disabled?: boolean;
  id?: string;
  note?: string;
}) {
  const id = p.id ?? `f-${p.name}`;
  return (
    <div class="field choice">
      <input type="checkbox" id={id} name={p.name} value={p.value ?? '1'} checked={p.checked} disabled={p.disabled} title={p.title} />
      <label for={id} title={p.title} safe>
        {p.label}
      </label>
      {p.note ? (
        <div class="note" safe>
          {p.note}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

/** A list of error messages at the top of a form. */
export function FormErrors({ messages }: { messages: string[] }) {
  if (!messages.length) return '';
  return (
    <div class="messages" role="alert">
      {messages.map((m) => (
        <div class="message message-error" safe>
          {m}
        </div>
      ))}
    </div>
  );
}

/**
 * A POST button (state changes never happen on GET). With `confirm`, the browser asks first when JavaScript
 * runs; without JavaScript the server-side flow must offer its own confirmation page for destructive actions.
 */
export function PostButton(p: {
  rc: RequestContext;
  action: string;
  label: string;
  confirm?: string;
  class?: string;
  fields?: Record<string, string>;
  id?: string;
}) {
  return (
    <form method="post" action={p.action} class="inline-form" data-confirm={p.confirm}>
      <FormKey rc={p.rc} />
      {Object.entries(p.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={p.class ?? 'action-secondary'} id={p.id} safe>
        {p.label}
      </button>
    </form>
  );
}

/** Marks markup already rendered by our own components (never raw user text) as an element for templates. */
/** A table's header row: one column heading per label (already translated). */
export function ColumnHeads({ labels }: { labels: string[] }) {
  return (
    <thead>
      <tr>
        {labels.map((label) => (
          <th scope="col" safe>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export const rendered = (markup: JSX.Element | JSX.Element[]): JSX.Element => (Array.isArray(markup) ? markup.join('') : markup);
