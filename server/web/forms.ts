import type { z } from "zod";
import type { FieldErrors } from "../errors.ts";

const I18N_KEY = /^[a-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a submitted form. Schemas give i18n keys ("validation.required", "pledges.refused.card")
 * as their messages; any other failure (a field sent twice, zod's own English) becomes the generic
 * "validation.invalid".
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  const sent = (body ?? {}) as Record<string, unknown>;
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    // A field that was sent, but not as one string (sent twice), is invalid rather than missing.
    const wrongType = issue.code === "invalid_type" && sent[field] !== undefined;
    errors[field] ??= !wrongType && I18N_KEY.test(issue.message) ? issue.message : "validation.invalid";
  }
  return { ok: false, errors };
}

/** What the user typed, to show the form again. Secrets are never echoed back. */
export function keptValues(body: unknown, secretFields: readonly string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === "object") {
    for (const [key, value] of Object.entries(body)) {
      if (key === "_csrf" || secretFields.includes(key)) continue;
      if (typeof value === "string") values[key] = value.slice(0, 20_000);
    }
  }
  return values;
}
