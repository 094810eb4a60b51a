import { createDb, type Db } from "../../db/client";
import { usersOf } from "../../db/identity";
import { openRoomsByAssignee, roomStates, waitingRoomIds } from "../../db/rooms";
import { type AssignmentCandidate, nextAssignee, type Presence } from "../../domain/assignment";
import { clock } from "../../lib/clock";
import { roomStub } from "../../rooms/room-stub";
import { availabilitiesOf, readAssignmentSettings } from "./repo";

/** A claim is counted until the D1 index shows it (normally at once: the room drains before it answers). */
const CLAIM_TTL_MS = 5 * 60_000;
/** A catch-up reads the waiting rooms this many at a time, and looks at most at this many rounds. */
const CATCH_UP_PAGE = 50;
const CATCH_UP_ROUNDS = 10;

/** What one attempt did: assigned the room, found nobody eligible (for any room), or left it as it was. */
type Attempt = { userId: string } | "nobody" | "skipped";

/**
 * Rule I12, run inside the organization's InboxDO, the single writer of the turn: one assignment at a
 * time (an in-memory queue), so two rooms arriving at once never both pass a cap and the turn
 * advances once per assignment. It keeps in the object's SQLite each agent's last turn, when each
 * person's last inbox socket closed (the presence grace), and its recent claims: rooms it assigned
 * that the D1 index may not show yet, counted in the loads until it does.
 */
export class Assigner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sql: SqlStorage,
    private readonly env: Env,
    private readonly connected: () => string[],
  ) {
    sql.exec("CREATE TABLE IF NOT EXISTS assignment_turns (user_id TEXT PRIMARY KEY, turn INTEGER NOT NULL)");
    sql.exec("CREATE TABLE IF NOT EXISTS presence_left (user_id TEXT PRIMARY KEY, left_at INTEGER NOT NULL)");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS assignment_claims (room_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, at INTEGER NOT NULL)",
    );
  }

  /** The person's last inbox socket closed now. */
  noteLeft(userId: string, at: number): void {
    this.sql.exec("INSERT OR REPLACE INTO presence_left (user_id, left_at) VALUES (?, ?)", userId, at);
  }

  /** Who has the inbox open, and when the others' last socket closed. */
  presence(): { online: string[]; leftAt: Record<string, number> } {
    const leftAt: Record<string, number> = {};
    for (const row of this.sql.exec<{ user_id: string; left_at: number }>("SELECT user_id, left_at FROM presence_left"))
      leftAt[row.user_id] = row.left_at;
    return { online: this.connected(), leftAt };
  }

  /** Assigns a new room if the organization wants it; answers the assignee or null. */
  assign(organizationId: string, roomId: string): Promise<string | null> {
    return this.enqueue(async () => {
      const attempt = await this.assignNow(organizationId, roomId);
      return typeof attempt === "object" ? attempt.userId : null;
    });
  }

  private pendingCatchUp: Promise<number> | null = null;

  /**
   * Rule I12's catch-up: an agent became available or has room below the cap again, so the waiting
   * rooms (oldest first) go to eligible agents in the same turn order, one at a time, until none is
   * left or nobody eligible is. It runs in the same queue as new rooms, so two triggers at once never
   * over-assign; a trigger while one waits to run joins it (one run sees both). Answers how many rooms
   * it assigned.
   */
  catchUp(organizationId: string): Promise<number> {
    if (this.pendingCatchUp) return this.pendingCatchUp;
    const run = this.enqueue(() => {
      this.pendingCatchUp = null;
      return this.catchUpNow(organizationId);
    });
    this.pendingCatchUp = run;
    return run;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async catchUpNow(organizationId: string): Promise<number> {
    const db = createDb(this.env.DB);
    if (!(await readAssignmentSettings(db, organizationId)).enabled) return 0;
    const tried = new Set<string>();
    let assigned = 0;
    for (let round = 0; round < CATCH_UP_ROUNDS; round++) {
      const waiting = (await waitingRoomIds(db, organizationId, clock.now(), CATCH_UP_PAGE + tried.size)).filter(
        (id) => !tried.has(id),
      );
      if (waiting.length === 0) break;
      for (const roomId of waiting) {
        tried.add(roomId);
        const attempt = await this.assignNow(organizationId, roomId);
        if (attempt === "nobody") return assigned;
        if (attempt !== "skipped") assigned++;
      }
    }
    return assigned;
  }

  private async assignNow(organizationId: string, roomId: string): Promise<Attempt> {
    const db = createDb(this.env.DB);
    const settings = await readAssignmentSettings(db, organizationId);
    if (!settings.enabled) return "nobody";
    const [members, chosen, loads] = await Promise.all([
      usersOf(db, organizationId),
      availabilitiesOf(db, organizationId),
      this.loads(db, organizationId),
    ]);
    const { online, leftAt } = this.presence();
    const turns = this.turns();
    const now = clock.now();
    const candidates: AssignmentCandidate[] = members.map((m) => ({
      userId: m.id,
      role: m.role,
      chosen: chosen.get(m.id) ?? "online",
      presence: presenceOf(m.id, online, leftAt),
      openRooms: loads.get(m.id) ?? 0,
      lastTurn: turns.get(m.id) ?? null,
    }));
    const userId = nextAssignee(candidates, settings.maxOpenPerAgent, now);
    const member = members.find((m) => m.id === userId);
    if (!userId || !member) return "nobody";
    if (!(await roomStub(this.env, roomId).autoAssign({ userId, name: member.name }))) return "skipped";
    const turn = Math.max(0, ...turns.values()) + 1;
    this.sql.exec("INSERT OR REPLACE INTO assignment_turns (user_id, turn) VALUES (?, ?)", userId, turn);
    this.sql.exec(
      "INSERT OR REPLACE INTO assignment_claims (room_id, user_id, at) VALUES (?, ?, ?)",
      roomId,
      userId,
      now,
    );
    return { userId };
  }

  private turns(): Map<string, number> {
    const rows = this.sql.exec<{ user_id: string; turn: number }>("SELECT user_id, turn FROM assignment_turns");
    return new Map([...rows].map((r) => [r.user_id, r.turn]));
  }

  /** Open rooms per agent as D1 shows them, plus claims it does not show yet. */
  private async loads(db: Db, organizationId: string): Promise<Map<string, number>> {
    this.sql.exec("DELETE FROM assignment_claims WHERE at < ?", clock.now() - CLAIM_TTL_MS);
    const claims = [
      ...this.sql.exec<{ room_id: string; user_id: string }>("SELECT room_id, user_id FROM assignment_claims"),
    ];
    const [loads, states] = await Promise.all([
      openRoomsByAssignee(db, organizationId),
      roomStates(
        db,
        organizationId,
        claims.map((c) => c.room_id),
      ),
    ]);
    const shown = new Map(states.map((s) => [s.id, s]));
    for (const claim of claims) {
      const state = shown.get(claim.room_id);
      if (state && (state.status === "resolved" || state.assigneeId !== null)) {
        // The index has caught up (or the room moved on): D1's count is the truth now.
        this.sql.exec("DELETE FROM assignment_claims WHERE room_id = ?", claim.room_id);
        continue;
      }
      loads.set(claim.user_id, (loads.get(claim.user_id) ?? 0) + 1);
    }
    return loads;
  }
}

export function presenceOf(userId: string, online: readonly string[], leftAt: Record<string, number>): Presence {
  return { connected: online.includes(userId), leftAt: leftAt[userId] ?? null };
}
