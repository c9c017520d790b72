import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.ts';

/** The fields an entry's hash covers, in a fixed order (everything but the id and the chain fields). */
export interface ChainedFields {
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
}

export const canonical = (r: ChainedFields) =>
  JSON.stringify([r.created_at, r.action_group, r.action, r.ip, r.admin_id ?? null, r.username, r.result, r.full_action_name, r.details, r.full_details]);

/** hash = SHA-256(previous hash + "\n" + canonical entry); the first entry's previous hash is "". */
export const chainHash = (prevHash: string, r: ChainedFields) =>
  createHash('sha256')
    .update(`${prevHash}\n${canonical(r)}`)
    .digest('hex');

export type ChainReport =
  | { intact: true; entries: number; lastId: number; lastHash: string }
  | { intact: false; entries: number; brokenId: number; why: string };

/**
 * Walks the chain oldest first (in pages, so a million rows stay cheap in memory) from a known good point. Any
 * edited, deleted or inserted entry breaks it at the first entry whose stored hashes no longer fit.
 */
export async function verifyChain(db: Db, from: { id: number; hash: string } = { id: 0, hash: '' }, pageSize = 5000): Promise<ChainReport> {
  let prev = from.hash;
  let lastId = from.id;
  let entries = 0;
  for (;;) {
    const rows = await db.selectFrom('action_log').selectAll().where('id', '>', lastId).orderBy('id').limit(pageSize).execute();
    if (!rows.length) break;
    for (const r of rows) {
      if (r.prev_hash !== prev)
        return {
          intact: false,
          entries,
          brokenId: r.id,
          why: 'its link to the previous entry does not match (an entry before it was changed, removed or added)',
        };
      if (chainHash(prev, r) !== r.hash) return { intact: false, entries, brokenId: r.id, why: 'its content does not match its hash (the entry was changed)' };
      prev = r.hash;
      lastId = r.id;
      entries++;
    }
  }
  const head = await db.selectFrom('log_chain').selectAll().where('name', '=', 'action_log').executeTakeFirst();
  if (head && (head.last_id !== lastId || head.last_hash !== prev))
    return { intact: false, entries, brokenId: head.last_id, why: 'the newest entries were removed (the chain head no longer matches the last entry)' };
  return { intact: true, entries, lastId, lastHash: prev };
}
