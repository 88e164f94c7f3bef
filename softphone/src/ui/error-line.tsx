// Where a form or panel says what went wrong: role=alert, so a new message is read out at once.
// Always rendered (empty when all is well) so the layout does not jump and the region exists
// before its first message.
export interface ErrorLineProps {
  id: string;
  text: string;
}

export function ErrorLine({ id, text }: ErrorLineProps) {
  return <p id={id} class="error" role="alert">{text}</p>;
}
