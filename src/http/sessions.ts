import type { Db } from '../db/database.ts';
import { isoUtc, type Clock } from '../kernel/clock.ts';
import { randomToken, sha256 } from '../kernel/tokens.ts';

export type SessionKind = 'admin' | 'customer';

export interface SessionRecord {
  idHash: string;
  kind: SessionKind;
  subjectId: number | null;
  data: Record<string, unknown>;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** How often a sliding session's expiry is written back (saves a write per request). */
const TOUCH_EVERY_MS = 30_000;

/**
 * Server-side sessions for admin and storefront. The cookie carries a 256-bit random id; the database keeps
 * only its SHA-256, so a leaked table cannot be replayed as cookies. Idle timeout slides on use.
 */
// Long by design: a service factory whose body is the service object; each method is its own short function.
export function createSessionStore(deps: { db: () => Db; clock: Clock }) {
  const now = () => deps.clock.now();

  function toRecord(row: {
    id_hash: string;
    kind: string;
    subject_id: number | null;
    data: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
  }): SessionRecord {
    return {
      idHash: row.id_hash,
      kind: row.kind as SessionKind,
      subjectId: row.subject_id,
      data: JSON.parse(row.data) as Record<string, unknown>,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
    };
  }

  return {
    /** Creates a session and returns the raw id for the cookie (never stored). */
    async create(db: Db, kind: SessionKind, subjectId: number | null, data: Record<string, unknown>, idleSeconds: number) {
      const rawId = randomToken();
      const t = now();
      await db
        .insertInto('sessions')
        .values({
          id_hash: sha256(rawId),
          kind,
          subject_id: subjectId,
          data: JSON.stringify(data),
          created_at: isoUtc(t),
          last_seen_at: isoUtc(t),
          expires_at: isoUtc(new Date(t.getTime() + idleSeconds * 1000)),
          // Creating a session is an authentication (sign-in, a token): the step-up clock starts here.
          authenticated_at: isoUtc(t),
        })
        .execute();
      return { rawId, idHash: sha256(rawId) };
    },

    /** Finds a live session by raw id, sliding its expiry; expired ones are deleted and not returned. */
    async load(kind: SessionKind, rawId: string | undefined, idleSeconds: number): Promise<SessionRecord | undefined> {
      if (!rawId || rawId.length > 100) return undefined;
      const idHash = sha256(rawId);
      const row = await deps.db().selectFrom('sessions').selectAll().where('id_hash', '=', idHash).where('kind', '=', kind).executeTakeFirst();
      if (!row) return undefined;
      const t = now();
      if (row.expires_at <= isoUtc(t)) {
        await deps.db().deleteFrom('sessions').where('id_hash', '=', idHash).execute();
        return undefined;
      }
      if (t.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
        const expires = isoUtc(new Date(t.getTime() + idleSeconds * 1000));
        await deps
          .db()
          .updateTable('sessions')
          .set({ last_seen_at: isoUtc(t), expires_at: expires })
          .where('id_hash', '=', idHash)
          .execute();
        row.last_seen_at = isoUtc(t);
        row.expires_at = expires;
      }
      return toRecord(row);
    },

    async saveData(db: Db, idHash: string, data: Record<string, unknown>) {
      await db
        .updateTable('sessions')
        .set({ data: JSON.stringify(data) })
        .where('id_hash', '=', idHash)
        .execute();
    },

    async destroy(db: Db, idHash: string) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    /** Ends every session of one subject (deactivated admin, password change …). */
    async destroyAllFor(db: Db, kind: SessionKind, subjectId: number) {
      await db.deleteFrom('sessions').where('kind', '=', kind).where('subject_id', '=', subjectId).execute();
    },

    /** When a session of this kind expires, or undefined when there is none (ended, or never existed). */
    async expiresAt(db: Db, idHash: string, kind: SessionKind): Promise<string | undefined> {
      const row = await db.selectFrom('sessions').select('expires_at').where('id_hash', '=', idHash).where('kind', '=', kind).executeTakeFirst();
      return row?.expires_at;
    },

    /** Whose session this is (undefined when there is none of that kind). */
    async subjectOf(db: Db, idHash: string, kind: SessionKind): Promise<number | undefined> {
      const row = await db.selectFrom('sessions').select('subject_id').where('id_hash', '=', idHash).where('kind', '=', kind).executeTakeFirst();
      return row?.subject_id ?? undefined;
    },

    /** When the session last proved who it is (created, or `markAuthenticated`); undefined when there is none. */
    async authenticatedAt(db: Db, idHash: string): Promise<string | undefined> {
      const row = await db.selectFrom('sessions').select(['authenticated_at', 'created_at']).where('id_hash', '=', idHash).executeTakeFirst();
      return row ? (row.authenticated_at ?? row.created_at) : undefined;
    },

    /** Records a successful re-authentication (a confirmed password or passkey) on the session row. */
    async markAuthenticated(db: Db, idHash: string, at: string) {
      await db.updateTable('sessions').set({ authenticated_at: at }).where('id_hash', '=', idHash).execute();
    },

    async isLive(db: Db, idHash: string): Promise<boolean> {
      const row = await db.selectFrom('sessions').select('expires_at').where('id_hash', '=', idHash).executeTakeFirst();
      return !!row && row.expires_at > isoUtc(now());
    },

    async purgeExpired(db: Db) {
      await db.deleteFrom('sessions').where('expires_at', '<=', isoUtc(now())).execute();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;

declare module '../kernel/services.ts' {
  interface Services {
    sessions: SessionStore;
  }
}
