/**
 * A `Form` read back from where an adapter kept it (the Slack store, a Teams task module's submit data):
 * neither is trusted blindly, so both adapters parse it through this schema. Every field of `FormField`
 * is listed, or zod would drop it on the way back (a multiline field would come back single-line).
 */
import { z } from 'zod';
import type { Form } from '../core/turn.js';

export const FORM_FIELD_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Choices of a select: Slack's static_select takes at most 100. */
export const MAX_FORM_OPTIONS = 100;
/** The longest text value any adapter accepts (Slack's plain_text_input stops at 3,000). */
export const MAX_FORM_TEXT = 3000;

export const FormSchema = z.object({
  id: z.string().max(64),
  title: z.string().max(500),
  submitLabel: z.string().max(200),
  fields: z
    .array(
      z.object({
        id: z.string().regex(FORM_FIELD_ID),
        label: z.string().max(2000),
        kind: z.enum(['select', 'text']),
        options: z.array(z.object({ value: z.string().max(150), label: z.string().max(500) })).max(MAX_FORM_OPTIONS).optional(),
        multiple: z.boolean().optional(),
        initial: z.string().max(MAX_FORM_TEXT * 2).optional(),
        placeholder: z.string().max(500).optional(),
        required: z.boolean().optional(),
        multiline: z.boolean().optional(),
        maxLength: z.number().int().min(1).max(100_000).optional(),
      }),
    )
    .min(1)
    .max(20),
  submit: z.object({ intent: z.string().max(64), name: z.string().max(64), data: z.record(z.string(), z.unknown()) }),
  command: z.string().max(1000).optional(),
}) satisfies z.ZodType<Form>;

/** The longest value a text field takes on a surface that caps at `surfaceMax`. */
export function textLimit(field: { maxLength?: number | undefined }, surfaceMax: number): number {
  return Math.max(1, Math.min(field.maxLength ?? surfaceMax, surfaceMax));
}

/**
 * A typed value as the intent gets it: one line with runs of spaces collapsed, or for a multiline field
 * its lines kept (Windows line ends, trailing spaces and runs of blank lines tidied), cut at `max`.
 */
export function tidyText(raw: string, multiline: boolean | undefined, max: number): string {
  const tidy = multiline
    ? raw
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => line.replace(/[^\S\n]+/g, ' ').trimEnd())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    : raw.replace(/\s+/g, ' ').trim();
  return [...tidy].slice(0, max).join('');
}
