/** npm run db:migrate — applies the committed migrations to DATABASE_URL. */
import { createDb } from "../db/client";
import { runMigrations } from "../db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (npm start migrates the embedded database by itself).");
  process.exit(1);
}
const { db, pool } = createDb(url, { max: 1 });
runMigrations(db)
  .then(() => console.log("Migrations applied."))
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
