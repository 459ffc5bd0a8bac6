import { randomBytes } from 'node:crypto';
import { MailNotifier } from '../../functions/adapters/mail-notifier';
import { randomIds } from '../../functions/adapters/random-ids';
import { TransientError } from '../../functions/domain/errors';
import type { AttentionNote, AuditEvent, Nomination } from '../../functions/domain/nomination';
import type {
  CertificateStore,
  CreateOptions,
  CreateResult,
  DecisionOutput,
  Handover,
  LinkKey,
  Mailer,
  NominationRepository,
  OutgoingMail,
  SentMailLog,
  Workflow,
} from '../../functions/domain/ports';
import type { Stage } from '../../functions/domain/stages';
import type { NotificationKind } from '../../functions/use-cases/notification';
import {
  type StatusLinkLookup,
  type StatusLinkState,
  type StatusLinkStore,
  statusTokenOf,
} from '../../functions/use-cases/status-links';
import { MAIL_TEMPLATES } from '../../functions/views/mail-templates';

/** In-memory ports for use-case unit tests (the integration tests use DynamoDB Local instead). */

export class MemoryNominations implements NominationRepository, StatusLinkStore, StatusLinkLookup {
  readonly items = new Map<string, Nomination>();
  readonly holders = new Map<string, string>();
  readonly events = new Map<string, AuditEvent[]>();
  /** Status links as the table keeps them: the nonce and token hash by nomination, the lookup by hash. */
  readonly statusLinks = new Map<string, { nonce: string; tokenHash?: string }>();
  readonly statusLookup = new Map<string, string>();

  async statusLinkState(id: string, fresh: string): Promise<StatusLinkState | undefined> {
    if (!this.items.has(id)) return undefined;
    const state = this.statusLinks.get(id) ?? { nonce: fresh };
    this.statusLinks.set(id, state);
    return { ...state };
  }

  async bindStatusToken(id: string, tokenHash: string) {
    const holder = this.statusLookup.get(tokenHash);
    if (holder !== undefined && holder !== id) throw new Error('StageConflict');
    this.statusLookup.set(tokenHash, id);
    const state = this.statusLinks.get(id);
    if (state) this.statusLinks.set(id, { ...state, tokenHash });
  }

  async findByStatusHash(tokenHash: string) {
    return this.statusLookup.get(tokenHash);
  }

  async create(
    nomination: Nomination,
    dedupeKey: string,
    event: AuditEvent,
    options: CreateOptions = {},
  ): Promise<CreateResult> {
    const holder = this.holders.get(dedupeKey);
    if (holder !== undefined && holder !== options.replacesId)
      return { outcome: 'exists', existingId: holder };
    if (this.items.has(nomination.id)) return { outcome: 'exists', existingId: nomination.id };
    if (options.centerLimit !== undefined) {
      const used = [...this.items.values()].filter(
        (each) => each.cycle === nomination.cycle && each.centerId === nomination.centerId,
      ).length;
      if (used >= options.centerLimit) return { outcome: 'center_limit' };
    }
    this.holders.set(dedupeKey, nomination.id);
    this.items.set(nomination.id, nomination);
    this.events.set(nomination.id, [event]);
    return { outcome: 'created' };
  }

  async get(id: string) {
    return this.items.get(id);
  }

  async history(id: string) {
    return [...(this.events.get(id) ?? [])];
  }

  async changeStage(nomination: Nomination, to: Stage, event: AuditEvent) {
    const stored = this.items.get(nomination.id);
    if (!stored || stored.version !== nomination.version) throw new Error('StageConflict');
    const next = { ...stored, stage: to, version: stored.version + 1, updatedAt: event.at };
    this.items.set(next.id, next);
    this.events.get(next.id)?.push(event);
    return next;
  }

  async attachExecution(id: string, executionArn: string) {
    const stored = this.items.get(id);
    if (stored) this.items.set(id, { ...stored, executionArn });
  }

  async markNeedsAttention({ id }: Nomination, note: AttentionNote, event: AuditEvent) {
    const stored = this.items.get(id);
    if (stored) this.items.set(id, { ...stored, needsAttention: note });
    this.events.get(id)?.push(event);
  }

  async appendEvent({ id }: Nomination, event: AuditEvent) {
    this.events.get(id)?.push(event);
  }
}

/** Records every start call; like Step Functions (execution name = id), an id runs once. */
export class RecordingWorkflow implements Workflow {
  readonly calls: string[] = [];
  readonly executions = new Set<string>();
  async start(nominationId: string) {
    this.calls.push(nominationId);
    this.executions.add(nominationId);
  }
  async sendDecision(_token: string, _output: DecisionOutput): Promise<Handover> {
    throw new Error('decisions are not used by these tests');
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  failNext = false;
  async send(mail: OutgoingMail) {
    if (this.failNext) {
      this.failNext = false;
      throw new TransientError('SES throttled');
    }
    this.sent.push(mail);
  }
}

export class MemorySentMail implements SentMailLog {
  readonly state = new Map<string, { status: 'in_flight' | 'sent'; attempt: string }>();
  async begin(nominationId: string, key: string, attempt: string) {
    const id = `${nominationId}|${key}`;
    const current = this.state.get(id);
    if (current?.status === 'sent') return 'sent' as const;
    if (current && current.attempt !== attempt) return 'in_flight' as const;
    this.state.set(id, { status: 'in_flight', attempt });
    return 'acquired' as const;
  }
  async finish(nominationId: string, key: string) {
    const id = `${nominationId}|${key}`;
    this.state.set(id, { status: 'sent', attempt: this.state.get(id)?.attempt ?? '' });
  }
  async abandon(nominationId: string, key: string) {
    this.state.delete(`${nominationId}|${key}`);
  }
}

/** A link key held in memory (a fresh random one unless given), counting its reads. */
export class MemoryLinkKey implements LinkKey {
  reads = 0;
  constructor(readonly key: Uint8Array = randomBytes(32)) {}
  async bytes() {
    this.reads += 1;
    return this.key;
  }
}

/** Certificates (표창장 PDFs) kept in memory, counting writes. */
export class MemoryCertificates implements CertificateStore {
  readonly objects = new Map<string, Uint8Array>();
  puts = 0;
  async get(key: string) {
    return this.objects.get(key);
  }
  async put(key: string, content: Uint8Array) {
    this.puts += 1;
    this.objects.set(key, content);
  }
}

/** A notifier over `mailer` that renders every kind with the real templates, as the functions do. */
export function notifierFor(mailer: Mailer): MailNotifier<NotificationKind> {
  return new MailNotifier(mailer, MAIL_TEMPLATES);
}

/** A function's mailing wiring for tests that read what was sent: the mailer and a notifier over it. */
export function mailing<M extends Mailer>(
  mailer: M,
): { readonly mailer: M; readonly notifier: MailNotifier<NotificationKind> } {
  return { mailer, notifier: notifierFor(mailer) };
}

/** The status token of a nomination in memory, bound as the mailing functions bind it (use-cases/status-links.ts). */
export function statusTokenIn(
  nominations: MemoryNominations,
  id: string,
  linkKey: LinkKey = new MemoryLinkKey(),
): Promise<string> {
  return statusTokenOf(id, { statusLinks: nominations, linkKey, ids: randomIds });
}
