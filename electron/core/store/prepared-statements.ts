import type { Database, Statement } from 'better-sqlite3';

export type PreparedStatements = (sql: string) => Statement;

/** Prepares each SQL text once per connection and reuses the statement: parsing is not free. */
export function preparedStatements(db: Database): PreparedStatements {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
}
