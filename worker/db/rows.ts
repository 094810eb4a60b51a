import { getTableColumns, type InferSelectModel, type Table } from "drizzle-orm";

/**
 * Maps a row of a hand-written statement (column names as in SQL) to the table's drizzle row type,
 * through each column's own decoder. For the few hot statements written as SQL text: drizzle's
 * query builder costs more CPU per statement than the database does for them.
 */
export function rowMapper<T extends Table>(table: T): (raw: Record<string, unknown>) => InferSelectModel<T> {
  const columns = Object.entries(getTableColumns(table));
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  };
}
