/**
 * Domain events: a module announces that something happened ("observations published") and does not know who
 * reacts. Listeners are registered at the composition root (src/server/events.ts), so a module never imports
 * the modules downstream of it and a new reaction (notices, search indexing, …) is one line there.
 *
 * Events are announced INSIDE the transaction of the use case and listeners get that transaction: what they
 * write (dashboard rollups, queued jobs) commits with the change or not at all. Work that takes long belongs
 * in a job the listener enqueues (src/jobs/queue.ts), not in the listener. Listeners run one after another in
 * the order they were registered (one transaction is one connection); the first that throws aborts the use
 * case, and its transaction rolls back.
 */
import type { Queryable } from '../db/connect';

/** A submission's figures became the current published revisions. */
export interface ObservationsPublished {
  dialogueId: number;
  submissionId: number;
  /** First and last month (YYYY-MM) the submission's figures cover; null when it had none. */
  periods: { from: string; to: string } | null;
  /** Codes of the indicators among those figures, sorted. */
  indicators: string[];
}

/** A step of the submission workflow was taken: submitted, validated or returned (published: above). */
export interface SubmissionStepTaken {
  dialogueId: number;
  submissionId: number;
  reporter: string;
  /** Who took it (null for a system step). */
  userId: number | null;
  /** The comment given with the step, if any. */
  comment: string | null;
}

/** A notice of a new national measure was sent to the dialogue's members (src/modules/notices). */
export interface NoticeSent {
  dialogueId: number;
  noticeId: number;
}

/** A draft consultation was opened for the delegations' comments (src/modules/consultations). */
export interface ConsultationOpened {
  dialogueId: number;
  consultationId: number;
}

/** A version of a country profile was endorsed by its state (src/modules/profiles). */
export interface ProfileEndorsed {
  dialogueId: number;
  profileId: number;
  state: string;
}

/** Every event, by name, with its payload. Add an event here; its name is `<what>.<happened>`. */
export interface DomainEvents {
  'observations.published': ObservationsPublished;
  'submission.submitted': SubmissionStepTaken;
  'submission.validated': SubmissionStepTaken;
  'submission.returned': SubmissionStepTaken;
  'notice.sent': NoticeSent;
  'consultation.opened': ConsultationOpened;
  'profile.endorsed': ProfileEndorsed;
}

export type Listener<E> = (event: E, tx: Queryable) => Promise<void>;

/** A typed bus: `on` registers a listener (once per function), `emit` runs them in order inside `tx`. */
export class EventBus<Events extends object> {
  private readonly listeners = new Map<keyof Events, Listener<never>[]>();

  /** Registers `listener` for `name`; registering the same function again does nothing. Returns an undo. */
  on<N extends keyof Events>(name: N, listener: Listener<Events[N]>): () => void {
    const list = this.list(name);
    if (!list.includes(listener)) list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Runs every listener of `name` with the event and the announcing transaction, one after another. */
  async emit<N extends keyof Events>(name: N, event: Events[N], tx: Queryable): Promise<void> {
    for (const listener of [...this.list(name)]) await listener(event, tx);
  }

  /** How many listeners `name` has (start-up checks, tests). */
  count(name: keyof Events): number {
    return this.list(name).length;
  }

  private list<N extends keyof Events>(name: N): Listener<Events[N]>[] {
    let list = this.listeners.get(name);
    if (!list) {
      list = [];
      this.listeners.set(name, list);
    }
    // The map holds listeners of every event; the one stored under `name` takes that event's payload.
    return list as Listener<Events[N]>[];
  }
}

/** The process's bus: modules emit on it, src/server/events.ts registers the listeners. */
export const domainEvents = new EventBus<DomainEvents>();
