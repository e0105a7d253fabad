/**
 * The one representation of instants in the database: ISO-8601 UTC text with milliseconds
 * ("2026-01-15T10:00:00.000Z"). It sorts correctly as text on SQLite and PostgreSQL alike.
 */
export function toDbTime(instant: Date): string {
  return instant.toISOString();
}

export function fromDbTime(value: string): Date {
  return new Date(value);
}
