import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { isoUtc } from '../../kernel/clock.ts';
import { inTransaction, type RequestContext } from '../../kernel/request-context.ts';
import type { Services } from '../../kernel/services.ts';
import { keyIdOf, verifySignature, type SigningKey } from '../../kernel/signing-key.ts';
import { verifyChain } from './chain.ts';
import { CHECKPOINT_INTERVAL_PATH } from './public.ts';
import { actionLogRepo, type CheckpointRow } from './repo.ts';

/** What a signature covers: a fixed prefix (no other signed text can pass for it), the head, the time and the key. */
export const checkpointPayload = (c: { entry_id: number; head_hash: string; created_at: string; key_id: string }) =>
  `concierge-log-checkpoint/1\n${c.entry_id}\n${c.head_hash}\n${c.created_at}\n${c.key_id}`;

export type CheckpointTrigger = 'admin' | 'interval' | 'cli';

/** A checkpoint as the report shows it: whether its signature holds and the chain still has its head. */
export interface CheckpointStatus {
  checkpoint: CheckpointRow;
  signatureValid: boolean;
  /** False when the entry it names is gone or has another hash now (the chain was rewritten). */
  inChain: boolean;
  /** Signed by the key this store signs with now. */
  currentKey: boolean;
}

/** The export file: every checkpoint and the public keys that signed them. */
export const exportSchema = z.object({
  format: z.literal('concierge-log-checkpoints/1'),
  exported_at: z.string(),
  keys: z.array(z.object({ key_id: z.string(), public_key: z.string() })),
  checkpoints: z.array(
    z.object({ id: z.number().int(), entry_id: z.number().int(), head_hash: z.string(), signature: z.string(), key_id: z.string(), created_at: z.string() }),
  ),
});
export type CheckpointExport = z.infer<typeof exportSchema>;

export type ExportCheck = { ok: true; entries: number; checkpoints: number; keyIds: string[] } | { ok: false; problems: string[]; checkpointId?: number };

// Long by design: a service part whose body is its methods; each method is its own short function.
export function createCheckpoints(deps: { signingKey: () => SigningKey; config: () => Services['config'] }) {
  /**
   * Signs the chain head unless the newest checkpoint already covers it (or, for the interval job, is younger than
   * `dueMinutes`). Decided under the chain head's row lock, so processes signing together store one checkpoint;
   * the unique entry id is the second guard. The signing is logged first, so the signed head is its own entry.
   */
  async function sign(rc: RequestContext, trigger: CheckpointTrigger, dueMinutes = 0): Promise<{ created: boolean; checkpoint: CheckpointRow }> {
    const key = deps.signingKey();
    return inTransaction(rc, async (trx) => {
      const head = await actionLogRepo.lockHead(trx.db);
      const last = await actionLogRepo.latestCheckpoint(trx.db);
      if (last && last.entry_id === head.last_id) return { created: false, checkpoint: last };
      const now = trx.app.clock.now();
      if (last && dueMinutes && now.getTime() - Date.parse(last.created_at) < dueMinutes * 60_000) return { created: false, checkpoint: last };
      await trx.app.services.actionLog.record(trx, {
        group: 'action_log',
        action: 'Checkpoint',
        details: trx.t('Signed a checkpoint of the log chain with key {keyId}', { keyId: key.keyId }),
        fullDetails: { trigger, key_id: key.keyId, previous_checkpoint: last?.id ?? null },
      });
      const signed = await actionLogRepo.lockHead(trx.db);
      const createdAt = isoUtc(now);
      await actionLogRepo.saveKey(trx.db, { key_id: key.keyId, public_key: key.publicKey, created_at: createdAt });
      const row = { entry_id: signed.last_id, head_hash: signed.last_hash, created_at: createdAt, key_id: key.keyId };
      const signature = key.sign(checkpointPayload(row));
      const id = await actionLogRepo.insertCheckpoint(trx.db, { ...row, signature });
      // The head is the entry just written, so only a broken lock could meet another checkpoint: undo it all.
      if (id === undefined) throw new Error(`A checkpoint of entry #${row.entry_id} exists already.`);
      return { created: true, checkpoint: { ...row, id, signature } };
    });
  }

  return {
    /** "Sign checkpoint now" and `concierge log:checkpoint`. */
    signCheckpoint: (rc: RequestContext, trigger: CheckpointTrigger) => sign(rc, trigger),

    /** The interval job (every process runs it): signs when the setting's minutes have passed and the head moved. */
    async signCheckpointIfDue(rc: RequestContext): Promise<boolean> {
      const minutes = Number(await deps.config().get(CHECKPOINT_INTERVAL_PATH, {}, rc.db));
      if (!Number.isInteger(minutes) || minutes <= 0) return false;
      const last = await actionLogRepo.latestCheckpoint(rc.db);
      if (last && rc.app.clock.now().getTime() - Date.parse(last.created_at) < minutes * 60_000) return false;
      return (await sign(rc, 'interval', minutes)).created;
    },

    /** The newest checkpoint, checked against its public key and the chain as it is now. */
    async lastCheckpoint(db: Db): Promise<CheckpointStatus | undefined> {
      const checkpoint = await actionLogRepo.latestCheckpoint(db);
      if (!checkpoint) return undefined;
      let current: SigningKey | undefined;
      try {
        current = deps.signingKey();
      } catch {
        // An unusable key file: the indicator still shows the checkpoint, as signed by another key.
      }
      const currentKey = checkpoint.key_id === current?.keyId;
      const publicKey = currentKey ? current!.publicKey : (await actionLogRepo.keyById(db, checkpoint.key_id))?.public_key;
      const signatureValid = !!publicKey && verifySignature(publicKey, checkpointPayload(checkpoint), checkpoint.signature);
      const [entry] = await actionLogRepo.hashesOf(db, [checkpoint.entry_id]);
      return { checkpoint, signatureValid, inChain: entry?.hash === checkpoint.head_hash, currentKey };
    },

    /** Every checkpoint and the public keys that signed them, for keeping outside the database. */
    async exportCheckpoints(db: Db, now: Date): Promise<CheckpointExport> {
      const [keys, checkpoints] = await Promise.all([actionLogRepo.keys(db), actionLogRepo.allCheckpoints(db)]);
      return {
        format: 'concierge-log-checkpoints/1',
        exported_at: isoUtc(now),
        keys: keys.map((k) => ({ key_id: k.key_id, public_key: k.public_key })),
        checkpoints,
      };
    },

    verifyExport,
  };
}

/**
 * The offline check: the chain in the database is intact, every exported checkpoint is signed by an exported key
 * whose fingerprint is its id, and the database still holds each checkpoint's head hash at its entry id. A chain
 * rebuilt after an edit passes the first test but not the last.
 */
export async function verifyExport(db: Db, file: CheckpointExport): Promise<ExportCheck> {
  const problems: string[] = [];
  const chain = await verifyChain(db);
  if (!chain.intact) problems.push(`Log chain broken at entry #${chain.brokenId}: ${chain.why}.`);
  const keys = new Map<string, string>();
  for (const k of file.keys) {
    const der = Buffer.from(k.public_key, 'base64');
    if (keyIdOf(der) === k.key_id) keys.set(k.key_id, k.public_key);
  }
  const sorted = [...file.checkpoints].sort((a, b) => a.entry_id - b.entry_id);
  const stored = new Map<number, string>();
  for (let i = 0; i < sorted.length; i += 500)
    for (const r of await actionLogRepo.hashesOf(
      db,
      sorted.slice(i, i + 500).map((c) => c.entry_id),
    ))
      stored.set(r.id, r.hash);
  for (const c of sorted) {
    const publicKey = keys.get(c.key_id);
    const where = `Checkpoint #${c.id} (entry #${c.entry_id}, ${c.created_at})`;
    let why: string | undefined;
    if (!publicKey) why = `its key ${c.key_id} is not in the file, or its fingerprint does not match`;
    else if (!verifySignature(publicKey, checkpointPayload(c), c.signature)) why = 'its signature is not valid (the checkpoint was altered)';
    else if (!stored.has(c.entry_id)) why = 'the entry it signed is no longer in the log';
    else if (stored.get(c.entry_id) !== c.head_hash) why = 'the log holds a different hash at its entry (the chain was rewritten)';
    if (why) return { ok: false, problems: [...problems, `${where} fails: ${why}.`], checkpointId: c.id };
  }
  if (problems.length || !chain.intact) return { ok: false, problems };
  return { ok: true, entries: chain.entries, checkpoints: sorted.length, keyIds: [...keys.keys()] };
}

/** The export file's contents, or a message saying why it is not one. */
export function parseCheckpointExport(text: string): CheckpointExport | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'it is not JSON';
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `it is not a checkpoint export (${issue.path.join('.') || 'file'}: ${issue.message})`;
  }
  return parsed.data;
}
