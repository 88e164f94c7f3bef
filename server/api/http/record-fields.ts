// Fields every stored row shows: its id and when it was created and last changed.
import { s, type ObjectSchema, type Shape } from '../../validation/schema.js';
import { uuid } from '../validation/fields.js';

const stamps = { id: uuid(), created_at: s.dateTime(), updated_at: s.dateTime() };

/** The view of a row: its input fields minus the write-only ones, plus id and times. */
export function rowView<S extends Shape>(input: ObjectSchema<S>, writeOnly: (keyof S & string)[] = [], extra: Shape = {}) {
  return input.omit(...writeOnly).extend({ ...stamps, ...extra });
}
