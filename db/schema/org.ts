import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { role, unitKind } from "./enums";

/** Organisation units as a tree: department → directorate / service. */
export const orgUnits = pgTable(
  "org_units",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    shortName: text().notNull(),
    kind: unitKind().notNull(),
    parentId: integer(),
    sortOrder: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id] }).onDelete("restrict"),
    index().on(t.parentId),
    check("org_units_department_is_root", sql`(${t.kind} = 'department') = (${t.parentId} is null)`),
    check("org_units_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  ],
);

export const users = pgTable(
  "users",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    name: text().notNull(),
    /** Argon2id hash; null for accounts that only sign in through OIDC. */
    passwordHash: text(),
    role: role().notNull(),
    /** Organisational scope: the department (SLT) or unit (LEAD). Null for ADMIN and VIEWER. */
    unitId: integer().references(() => orgUnits.id, { onDelete: "restrict" }),
    active: boolean().notNull().default(true),
    lastSignInAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    index().on(t.unitId),
    check("users_scope_matches_role", sql`(${t.role} in ('SLT', 'LEAD')) = (${t.unitId} is not null)`),
  ],
);

export type OrgUnit = typeof orgUnits.$inferSelect;
export type User = typeof users.$inferSelect;
