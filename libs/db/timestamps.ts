/** A timestamp column as read (a Date from pg; typed loosely where the schema nests column types). */
export function isoInstant(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
