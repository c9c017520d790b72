import type { Generated } from 'kysely';
import type { Severity } from './public.ts';

export interface AdminNotificationsTables {
  admin_notifications: {
    id: Generated<number>;
    severity: Severity;
    /** English source text, translated when shown (placeholders from params). */
    title: string;
    description: Generated<string>;
    /** JSON object: the values of the title's and description's placeholders. */
    params: Generated<string>;
    link: string | null;
    /** Only admins whose role has this resource see it; null: every admin who may open the inbox. */
    resource: string | null;
    /** Only this admin sees it; null: every admin the resource allows. */
    admin_id: number | null;
    created_at: string;
  };
  /** Each admin's own marks: read, removed from their inbox. */
  admin_notification_marks: { notification_id: number; admin_id: number; read_at: string | null; removed_at: string | null };
}
