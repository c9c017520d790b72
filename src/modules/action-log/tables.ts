import type { Generated } from 'kysely';

export interface ActionLogTables {
  action_log: {
    id: Generated<number>;
    created_at: string;
    action_group: string;
    action: string;
    ip: string;
    admin_id: number | null;
    username: string;
    result: string;
    full_action_name: string;
    details: string;
    full_details: string;
  };
}
