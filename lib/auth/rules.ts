/**
 * Session and sign-in rules, as pure functions of the stored state and `now` (so that tests can set
 * the clock). Their reasons and sources (OWASP ASVS 5.0 V6.3.1, V7.3.1, V7.3.2; NIST SP 800-63B
 * 5.2.2) are in docs/security.md, "Sessions and sign-in throttling (issue 15)".
 */
import type { SessionEndReason } from "@/lib/enums";

export interface SessionLimits {
  /** Inactivity after which the session ends (ASVS V7.3.1). */
  idleSeconds: number;
  /** Time from sign-in after which the session ends however active (ASVS V7.3.2). */
  absoluteSeconds: number;
}

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
}

/** `last_seen_at` is written at most this often per session: not a write on every request. */
export const SESSION_TOUCH_SECONDS = 60;

/**
 * Whether a session may still be used at `now`: "live", "ended" (signed out or ended by an
 * administrator's change), or the limit it has passed. The absolute lifetime is checked first, so
 * a session both idle and too old is reported as too old. Since last_seen_at lags by up to
 * SESSION_TOUCH_SECONDS, the idle timeout can end a session up to a minute early, never late.
 */
export function sessionState(session: SessionTimes, now: Date, limits: SessionLimits): "live" | "ended" | Extract<SessionEndReason, "idle_timeout" | "lifetime_reached"> {
  if (session.endedAt !== null) return "ended";
  const t = now.getTime();
  if (t - session.createdAt.getTime() >= limits.absoluteSeconds * 1000) return "lifetime_reached";
  if (t - session.lastSeenAt.getTime() >= limits.idleSeconds * 1000) return "idle_timeout";
  return "live";
}

/** Whether this request should record the session as seen (its last record is a minute old or more). */
export function needsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= SESSION_TOUCH_SECONDS * 1000;
}

/** Sessions not used for this long are deleted (at sign-in): long past any idle timeout, kept a while to be looked back on. */
export const SESSION_RETENTION_DAYS = 30;

/**
 * Progressive delay per account, in place of a lockout: the first FREE failures cost nothing (typos,
 * caps lock); each further one doubles the wait before the next attempt on that account is checked,
 * 1 s, 2 s, 4 s … up to MAX seconds. The owner with the right password waits at most MAX seconds.
 */
export const SIGN_IN_DELAY = { freeFailures: 5, firstSeconds: 1, maxSeconds: 60, forgetAfterHours: 24 } as const;

/** Seconds the account waits after its `failures`-th consecutive failure (0 while still free). */
export function signInDelaySeconds(failures: number): number {
  const beyond = failures - SIGN_IN_DELAY.freeFailures;
  if (beyond <= 0) return 0;
  // 2^(beyond-1), computed without overflow for any count.
  return beyond > 16 ? SIGN_IN_DELAY.maxSeconds : Math.min(SIGN_IN_DELAY.maxSeconds, SIGN_IN_DELAY.firstSeconds * 2 ** (beyond - 1));
}

/**
 * The delays for the 1st, 2nd … failure, up to and including the first that reaches the cap; every
 * later failure waits as long as the last. The SQL of the throttle looks its delay up in this list
 * instead of computing the rule a second time.
 */
export function signInDelaySchedule(): number[] {
  const schedule: number[] = [];
  for (let n = 1; ; n++) {
    schedule.push(signInDelaySeconds(n));
    if (schedule.at(-1) === SIGN_IN_DELAY.maxSeconds) return schedule;
  }
}
