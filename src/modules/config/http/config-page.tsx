import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { flashNext } from '../../../http/flash.ts';
import { can, type RequestContext } from '../../../kernel/request-context.ts';
import type { Translate } from '../../../kernel/i18n.ts';
import { adminPage } from '../../../ui/admin-layout.tsx';
import { FormErrors, FormKey } from '../../../ui/components.tsx';
import type { StoreTree } from '../../stores/index.ts';
import type { ConfigScope, RouteRegistrar, SettingField, SettingSection } from '../../types.ts';
import type { ConfigChange } from '../public.ts';

const BASE = '/admin/stores/config';
const RESOURCE = 'stores.settings.config';

interface Scope {
  scope: ConfigScope;
  id: number;
  /** Value of the ?scope= parameter ("" for default). */
  param: string;
}

/** ?scope=websites-2 or ?scope=stores-3; anything unknown means Default Config. */
function parseScope(raw: unknown, tree: StoreTree): Scope {
  const m = typeof raw === 'string' ? /^(websites|stores)-(\d+)$/.exec(raw) : null;
  if (m) {
    const id = Number(m[2]);
    const exists = m[1] === 'websites' ? tree.websites.some((w) => w.id === id) : tree.views.some((v) => v.id === id);
    if (exists) return { scope: m[1] as ConfigScope, id, param: raw as string };
  }
  return { scope: 'default', id: 0, param: '' };
}

const scopeQuery = (s: Scope) => (s.param ? `?scope=${s.param}` : '');
const fieldId = (path: string) => `cfg-${path.replace(/\//g, '-')}`;

/** "[GLOBAL]", "[WEBSITE]" or "[STORE VIEW]": the narrowest scope a field can be set at. */
function scopeLabel(field: SettingField, t: Translate) {
  return field.scopes.includes('stores') ? t('[STORE VIEW]') : field.scopes.includes('websites') ? t('[WEBSITE]') : t('[GLOBAL]');
}

function inheritLabel(scope: ConfigScope) {
  return scope === 'default' ? 'Use system value' : scope === 'websites' ? 'Use Default Value' : 'Use Website';
}

const visibleSections = (rc: RequestContext) => rc.app.registry.sections.filter((s) => can(rc, s.resource));
const fieldsAt = (section: SettingSection, scope: ConfigScope) =>
  section.groups.map((g) => ({ group: g, fields: g.fields.filter((f) => f.scopes.includes(scope)) })).filter((g) => g.fields.length);

interface FormState {
  /** Submitted values (re-shown after a validation error). */
  values?: Record<string, string>;
  inherit?: Set<string>;
  errors?: string[];
}

function Control({ field, value, disabled, rc }: { field: SettingField; value: string; disabled: boolean; rc: RequestContext }) {
  const id = fieldId(field.path);
  const name = `config[${field.path}]`;
  const t = rc.t;
  switch (field.type) {
    case 'yesno':
    case 'select':
      return (
        <select id={id} name={name} disabled={disabled}>
          {(
            field.options ?? [
              { value: '1', label: 'Yes' },
              { value: '0', label: 'No' },
            ]
          ).map((o) => (
            <option value={o.value} selected={o.value === value} safe>
              {t(o.label)}
            </option>
          ))}
        </select>
      );
    case 'multiselect': {
      const chosen = new Set(value.split(',').filter(Boolean));
      return (
        <select id={id} name={name} multiple="multiple" disabled={disabled} size={String(Math.min(8, field.options?.length ?? 4))}>
          {(field.options ?? []).map((o) => (
            <option value={o.value} selected={chosen.has(o.value)} safe>
              {t(o.label)}
            </option>
          ))}
        </select>
      );
    }
    case 'textarea':
      return (
        <textarea id={id} name={name} rows="4" disabled={disabled} safe>
          {value}
        </textarea>
      );
    default:
      return <input id={id} name={name} type={field.type === 'int' ? 'number' : 'text'} value={value} disabled={disabled} />;
  }
}

/** The scope select above the form: Default Config, each website and, under its stores, each store view. */
function ScopeSwitcher({ rc, section, scope, tree }: { rc: RequestContext; section: SettingSection; scope: Scope; tree: StoreTree }) {
  const t = rc.t;
  return (
    <form method="get" action={`${BASE}/edit/section/${section.id}`} class="scope-switcher">
      <label for="store-switcher" safe>
        {t('Scope:')}
      </label>
      <select id="store-switcher" name="scope" data-autosubmit-change="true">
        <option value="" selected={scope.scope === 'default'} safe>
          {t('Default Config')}
        </option>
        {tree.websites.map((w) => (
          <>
            <option value={`websites-${w.id}`} selected={scope.scope === 'websites' && scope.id === w.id} safe>
              {w.name}
            </option>
            {tree.stores
              .filter((s) => s.website_id === w.id)
              .map((s) => (
                <optgroup label={`   ${s.name}`}>
                  {tree.views
                    .filter((v) => v.store_id === s.id)
                    .map((v) => (
                      <option value={`stores-${v.id}`} selected={scope.scope === 'stores' && scope.id === v.id} safe>
                        {v.name}
                      </option>
                    ))}
                </optgroup>
              ))}
          </>
        ))}
      </select>
      <button type="submit" class="action-secondary" safe>
        {t('Switch Scope')}
      </button>
    </form>
  );
}

/** The sections this admin may open, by tab. */
function SectionNav({ rc, section, scope }: { rc: RequestContext; section: SettingSection; scope: Scope }) {
  const t = rc.t;
  const sections = visibleSections(rc);
  const tabs = [...new Set(sections.map((s) => s.tab))];
  return (
    <nav class="tabs-nav config-nav" aria-label={t('Configuration sections')}>
      {tabs.map((tab) => (
        <>
          <h3 safe>{t(tab)}</h3>
          {sections
            .filter((s) => s.tab === tab)
            .map((s) => (
              <a href={`${BASE}/edit/section/${s.id}${scopeQuery(scope)}`} aria-current={s.id === section.id ? 'page' : undefined} safe>
                {t(s.label)}
              </a>
            ))}
        </>
      ))}
    </nav>
  );
}

/** One setting: its control, the "Use …" box and its comment. */
function FieldRow({ rc, field, inherits, value, scope }: { rc: RequestContext; field: SettingField; inherits: boolean; value: string; scope: Scope }) {
  const t = rc.t;
  return (
    <div class="field config-field">
      <label for={fieldId(field.path)}>
        <span safe>{t(field.label)}</span>{' '}
        <span class="scope-label" safe>
          {scopeLabel(field, t)}
        </span>
      </label>
      <div class="control">
        <Control field={field} value={value} disabled={inherits} rc={rc} />
        <label class="use-default">
          <input type="checkbox" name={`inherit[${field.path}]`} value="1" checked={inherits} data-inherit-for={fieldId(field.path)} />{' '}
          <span safe>{t(inheritLabel(scope.scope))}</span>
        </label>
        {field.comment ? (
          <div class="note" safe>
            {t(field.comment, field.commentParams)}
          </div>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}

async function renderSection(rc: RequestContext, section: SettingSection, scope: Scope, state: FormState = {}) {
  const t = rc.t;
  const config = rc.app.services.config;
  const tree = await rc.app.services.stores.tree();
  const stored = await config.storedAt(scope.scope, scope.id);
  const groups = fieldsAt(section, scope.scope);

  const rows = await Promise.all(
    groups.map(async ({ group, fields }) => ({
      group,
      fields: await Promise.all(
        fields.map(async (field) => {
          const own = stored.get(field.path);
          const inherits = state.inherit ? state.inherit.has(field.path) : own === undefined || own === null;
          const value = state.values?.[field.path] ?? (inherits ? await config.inherited(field.path, scope.scope, scope.id) : (own ?? ''));
          return { field, inherits, value };
        }),
      ),
    })),
  );

  return adminPage(rc, {
    title: t('Configuration'),
    active: 'stores',
    actions: (
      <button type="submit" form="config-edit-form" class="action-primary" id="save" safe>
        {t('Save Config')}
      </button>
    ),
    content: (
      <>
        <ScopeSwitcher rc={rc} section={section} scope={scope} tree={tree} />
        <div class="tabs-layout">
          <SectionNav rc={rc} section={section} scope={scope} />
          <div class="tabs-content">
            <FormErrors messages={state.errors ?? []} />
            <form method="post" action={`${BASE}/save/section/${section.id}${scopeQuery(scope)}`} id="config-edit-form">
              <FormKey rc={rc} />
              {rows.length === 0 ? (
                <p class="empty" safe>
                  {t('Nothing in this section can be set at this scope. Switch to Default Config to edit it.')}
                </p>
              ) : (
                ''
              )}
              {rows.map(({ group, fields }) => (
                <details open class="config-group" id={`group-${section.id}-${group.id}`}>
                  <summary safe>{t(group.label)}</summary>
                  {fields.map(({ field, inherits, value }) => (
                    <FieldRow rc={rc} field={field} inherits={inherits} value={value} scope={scope} />
                  ))}
                </details>
              ))}
            </form>
          </div>
        </div>
      </>
    ),
  });
}

function findSection(rc: RequestContext, id: string | undefined, reply: FastifyReply) {
  const section = id ? rc.app.registry.sections.find((s) => s.id === id) : visibleSections(rc)[0];
  if (!section) return { notFound: true as const };
  if (!can(rc, section.resource)) return { forbidden: true as const, section };
  return { section };
}

async function forbiddenPage(rc: RequestContext, reply: FastifyReply) {
  reply.code(403);
  return adminPage(rc, {
    title: rc.t('Access denied'),
    content: (
      <p class="access-denied" safe>
        {rc.t('Sorry, you need permissions to view this content.')}
      </p>
    ),
  });
}

/** Reads the submitted form into changes for the fields visible at this scope. */
/**
 * The save form: named fields, `config[<path>]` (a string, or a list for multiselects) and `inherit[<path>]` boxes,
 * read below; a body that is not a set of named fields saves nothing. The service validates the values.
 */
const saveBody = z.record(z.string(), z.unknown()).catch({});

function changesFrom(raw: unknown, section: SettingSection, scope: ConfigScope) {
  const body = saveBody.parse(raw ?? {});
  const changes: ConfigChange[] = [];
  const values: Record<string, string> = {};
  const inherit = new Set<string>();
  for (const { fields } of fieldsAt(section, scope)) {
    for (const field of fields) {
      if (body[`inherit[${field.path}]`] !== undefined) {
        inherit.add(field.path);
        changes.push({ path: field.path, value: null });
        continue;
      }
      const raw = body[`config[${field.path}]`];
      const value = Array.isArray(raw)
        ? raw.map(String).join(',')
        : typeof raw === 'string'
          ? field.type === 'int'
            ? raw.trim()
            : raw
          : field.type === 'multiselect'
            ? ''
            : undefined;
      if (value === undefined) continue;
      values[field.path] = value;
      changes.push({ path: field.path, value });
    }
  }
  return { changes, values, inherit };
}

export function configRoutes(r: RouteRegistrar) {
  r.adminGet('/stores/config', { resource: RESOURCE, actionName: 'adminhtml_system_config_index' }, async (req, reply, rc) => {
    const first = visibleSections(rc)[0];
    if (!first)
      return adminPage(rc, {
        title: rc.t('Configuration'),
        active: 'stores',
        content: (
          <p class="empty" safe>
            {rc.t('Your role does not give access to any configuration section. Ask an administrator to add one under Role Resources.')}
          </p>
        ),
      });
    const scope = parseScope((req.query as Record<string, unknown>).scope, await rc.app.services.stores.tree());
    return renderSection(rc, first, scope);
  });

  r.adminGet('/stores/config/edit/section/:section', { resource: RESOURCE, actionName: 'adminhtml_system_config_edit' }, async (req, reply, rc) => {
    const found = findSection(rc, (req.params as { section: string }).section, reply);
    if ('notFound' in found) return reply.callNotFound();
    if ('forbidden' in found) return forbiddenPage(rc, reply);
    const scope = parseScope((req.query as Record<string, unknown>).scope, await rc.app.services.stores.tree());
    return renderSection(rc, found.section, scope);
  });

  r.adminPost('/stores/config/save/section/:section', { resource: RESOURCE, actionName: 'adminhtml_system_config_save' }, async (req, reply, rc) => {
    const found = findSection(rc, (req.params as { section: string }).section, reply);
    if ('notFound' in found) return reply.callNotFound();
    if ('forbidden' in found) return forbiddenPage(rc, reply);
    const section = found.section;
    const scope = parseScope((req.query as Record<string, unknown>).scope, await rc.app.services.stores.tree());
    const { changes, values, inherit } = changesFrom(req.body, section, scope.scope);
    const result = await rc.app.services.config.save(rc, scope.scope, scope.id, changes);
    if (!result.ok) {
      reply.code(400);
      return renderSection(rc, section, scope, { values, inherit, errors: result.messages });
    }
    flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t('You saved the configuration.') });
    return reply.redirect(`${BASE}/edit/section/${section.id}${scopeQuery(scope)}`, 303);
  });
}
