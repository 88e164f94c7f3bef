// A labelled form control: the label wraps its input, select or textarea (so a click on the
// text focuses it), with an optional key that focuses it and an optional error line under it.
import type { ComponentChildren } from 'preact';
import { ErrorLine } from './error-line.js';
import { KeyHint } from './key-hint.js';

export interface FieldProps {
  label: string;
  /** The key that jumps to this field, shown after the label. */
  shortcut?: string;
  /** Id of an error line under the field; `error` is its text. */
  errorId?: string;
  error?: string;
  children: ComponentChildren;
}

export function Field({ label, shortcut, errorId, error = '', children }: FieldProps) {
  return (
    <>
      <label>{label}{shortcut ? <> <KeyHint keys={shortcut} /></> : null} {children}</label>
      {errorId ? <ErrorLine id={errorId} text={error} /> : null}
    </>
  );
}
