import { flashNext } from '../../http/flash.ts';
import { adminPage } from '../../ui/admin-layout.tsx';
import { FormKey } from '../../ui/components.tsx';
import type { ModuleManifest } from '../types.ts';
import sv_SE from './i18n/sv_SE.json' with { type: 'json' };

/** System > Tools > Cache Management: see the page cache and flush it. */
export const pageCacheModule: ModuleManifest = {
  name: 'page-cache',
  catalogs: { sv_SE },
  resources: [
    { id: 'system.tools', label: 'Tools', parent: 'system', sortOrder: 30 },
    { id: 'system.tools.cache', label: 'Cache Management', parent: 'system.tools', sortOrder: 10 },
  ],
  menu: [
    { id: 'system.tools', label: 'Tools', parent: 'system', resource: 'system.tools', sortOrder: 30 },
    { id: 'system.tools.cache', label: 'Cache Management', parent: 'system.tools', path: '/admin/system/cache', resource: 'system.tools.cache', sortOrder: 10 },
  ],
  actionGroups: [{ id: 'cache', label: 'Cache Management' }],
  routes(r) {
    r.adminGet('/system/cache', { resource: 'system.tools.cache', actionName: 'adminhtml_cache_index' }, async (_req, _reply, rc) => {
      const t = rc.t;
      const stats = rc.app.services.pageCache.stats();
      return adminPage(rc, {
        title: t('Cache Management'),
        active: 'system',
        actions: (
          <form
            method="post"
            action="/admin/system/cache/flush"
            class="inline-form"
            data-confirm={t('Flush the page cache? Pages will be rendered anew on their next visit.')}
          >
            <FormKey rc={rc} />
            <button type="submit" class="action-primary" safe>
              {t('Flush Page Cache')}
            </button>
          </form>
        ),
        content: (
          <table class="data-grid">
            <thead>
              <tr>
                <th safe>{t('Cache Type')}</th>
                <th safe>{t('Description')}</th>
                <th safe>{t('Storage')}</th>
                <th safe>{t('Since start: hits / misses')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td safe>{t('Page Cache')}</td>
                <td safe>{t('Full page caching of storefront pages, without anything personal.')}</td>
                <td safe>{stats.kind === 'redis' ? t('Redis (shared by all processes)') : t('In-process memory')}</td>
                <td safe>{`${stats.hits} / ${stats.misses}`}</td>
              </tr>
              <tr>
                <td safe>{t('Blocks HTML output')}</td>
                <td safe>
                  {t(
                    'Product lists with their toolbar and layered navigation, shared by every visitor who sees them alike; also for signed-in customers and assisted sessions.',
                  )}
                </td>
                <td safe>{t('In-process memory ({count, plural, one {# block} other {# blocks}})', { count: stats.blocks.entries })}</td>
                <td safe>{`${stats.blocks.hits} / ${stats.blocks.misses}`}</td>
              </tr>
            </tbody>
          </table>
        ),
      });
    });

    // Flushing is harmless and idempotent, so the confirmation is the browser's; without JavaScript it runs at once.
    r.adminPost('/system/cache/flush', { resource: 'system.tools.cache', actionName: 'adminhtml_cache_flushPageCache' }, async (_req, reply, rc) => {
      await rc.app.services.pageCache.flush(rc.db);
      await rc.app.services.actionLog.record(rc, { group: 'cache', action: 'Flush', details: rc.t('Flushed the page cache') });
      flashNext(reply, rc.app.env.cookieSecure, { type: 'success', text: rc.t('The page cache has been flushed.') });
      return reply.redirect('/admin/system/cache', 303);
    });
  },
};
