// What a failure says on the page: an Error's message (the API's `{error}` text arrives as
// one), anything else as text.
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
