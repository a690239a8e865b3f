import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, date, uniqueIndex } from "drizzle-orm/pg-core";
import { feedbackChannel, feedbackHoldReason, feedbackReviewState, feedbackSource } from "./enums";
import { orgUnits, users } from "./org";

/**
 * A unit's public "rate our service" survey link (/feedback/<token>): one per unit. The token is
 * random and unguessable; a paused link refuses responses.
 */
export const feedbackLinks = pgTable(
  "feedback_links",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer()
      .notNull()
      .unique()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    token: text().notNull().unique(),
    paused: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    createdById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("feedback_links_token_format", sql`${t.token} ~ '^[A-Za-z0-9_-]{16,64}$'`)],
);

/**
 * One customer survey response. No personal data: the comment is masked before it is stored.
 * `submissionKey` comes from the form (a hidden one-time key), so a double-click stores one row.
 * `period` is the first day of the month the response counts towards.
 */
export const feedbackResponses = pgTable(
  "feedback_responses",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer()
      .notNull()
      .references(() => orgUnits.id, { onDelete: "restrict" }),
    linkId: integer().references(() => feedbackLinks.id, { onDelete: "restrict" }),
    source: feedbackSource().notNull(),
    period: date().notNull(),
    csat: smallint().notNull(),
    ces: smallint().notNull(),
    csi: smallint().notNull(),
    comment: text(),
    channel: feedbackChannel(),
    /** The advisor who typed in a phone response; null for the public link. */
    enteredById: integer().references(() => users.id, { onDelete: "restrict" }),
    submissionKey: text().notNull().unique(),
    submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * Came through a single-use signed link (one interaction, one response) or was typed in by a
     * signed-in advisor: always counted. Open-link responses are unverified.
     */
    verified: boolean().notNull().default(false),
    /** Counted on arrival, held for moderation, or accepted/rejected by a moderator (issue 15). */
    state: feedbackReviewState().notNull().default("counted"),
    holdReason: feedbackHoldReason(),
    /**
     * A keyed hash of the source address (never the address itself) of an open-link response, for
     * the per-address hold rule (lib/feedback/rules.ts screenOpenResponse).
     */
    addressKey: text(),
    reviewedById: integer().references(() => users.id, { onDelete: "restrict" }),
    reviewedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index().on(t.unitId, t.period),
    index("feedback_responses_held").on(t.submittedAt).where(sql`${t.state} = 'held'`),
    index("feedback_responses_link_recent").on(t.linkId, t.submittedAt),
    index("feedback_responses_address_recent").on(t.addressKey, t.submittedAt).where(sql`${t.addressKey} is not null`),
    check("feedback_responses_hold_reason", sql`(${t.state} = 'counted') = (${t.holdReason} is null)`),
    check("feedback_responses_verified_counted", sql`not ${t.verified} or ${t.state} = 'counted'`),
    check("feedback_responses_reviewed", sql`(${t.state} in ('accepted', 'rejected')) = (${t.reviewedAt} is not null)`),
    check("feedback_responses_period_month", sql`extract(day from ${t.period}) = 1`),
    check("feedback_responses_csat_range", sql`${t.csat} between 1 and 5`),
    check("feedback_responses_ces_range", sql`${t.ces} between 1 and 7`),
    check("feedback_responses_csi_range", sql`${t.csi} between 1 and 5`),
    check("feedback_responses_comment_length", sql`${t.comment} is null or char_length(${t.comment}) <= 2000`),
    check("feedback_responses_key_length", sql`char_length(${t.submissionKey}) between 8 and 100`),
  ],
);

/**
 * The use of a single-use survey link (lib/feedback/interaction-links.ts): one row per interaction,
 * keyed by a keyed hash of the survey link and the interaction reference, inserted in the same
 * transaction as the response. The primary key makes a second response through the same
 * interaction fail on every instance at once; the reference itself is not stored.
 */
export const feedbackInteractionUses = pgTable("feedback_interaction_uses", {
  interactionKey: text().primaryKey(),
  linkId: integer()
    .notNull()
    .references(() => feedbackLinks.id, { onDelete: "restrict" }),
  responseId: integer()
    .notNull()
    .unique()
    .references(() => feedbackResponses.id, { onDelete: "restrict" }),
  usedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Themes that comments are tagged with: built-in ones (department null, e.g. "Consistency of
 * information") and those a department adds.
 */
export const feedbackThemes = pgTable(
  "feedback_themes",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    departmentId: integer().references(() => orgUnits.id, { onDelete: "restrict" }),
    name: text().notNull(),
    description: text(),
    sortOrder: integer().notNull().default(100),
    createdById: integer().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("feedback_themes_name_unique").on(sql`coalesce(${t.departmentId}, 0)`, sql`lower(${t.name})`),
    check("feedback_themes_name_length", sql`char_length(${t.name}) between 1 and 80`),
  ],
);

export const feedbackResponseThemes = pgTable(
  "feedback_response_themes",
  {
    responseId: integer()
      .notNull()
      .references(() => feedbackResponses.id, { onDelete: "cascade" }),
    themeId: integer()
      .notNull()
      .references(() => feedbackThemes.id, { onDelete: "restrict" }),
    taggedById: integer().references(() => users.id, { onDelete: "restrict" }),
    taggedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.themeId] }), index().on(t.themeId)],
);

export type FeedbackLink = typeof feedbackLinks.$inferSelect;
export type FeedbackResponse = typeof feedbackResponses.$inferSelect;
export type FeedbackTheme = typeof feedbackThemes.$inferSelect;
export type FeedbackInteractionUse = typeof feedbackInteractionUses.$inferSelect;
