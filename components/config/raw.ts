/**
 * Reading a raw config, before or without a full parse: the cross-section checks look at each part
 * that is valid on its own and skip the rest (the schema reports it), so one run reports every problem.
 */
import type { z } from "zod";

/**
 * One problem a cross-section check finds, at its key path. The message follows the value found
 * there when that is a scalar, unless `showValue` is false (the message names it, or the key is the problem).
 */
export type Issue = { path: (string | number)[]; message: string; showValue?: boolean };

/** `value` when it is a list. */
export function list(value: unknown): unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
}

/** `value` is a map (a YAML mapping): an object, not a list. */
export function isMap(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `value[key]` when `value` is an object. */
export function field(value: unknown, key: string): unknown {
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
}

/** `value` as `schema` parses it, or undefined when it is invalid. */
export function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
    const result = schema.safeParse(value);
    return result.success ? result.data : undefined;
}
