// The queue's script on the desk: markdown (the admin's, with the call's values filled in and
// escaped by the server: server/sip/calls/agent-script.ts) rendered by marked and sanitized by
// DOMPurify before it is set — the one place the page sets HTML, and nothing it sets can run.
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'preact/hooks';

/** Text, headings, lists, emphasis and links: no images (no tracking pixel), forms or styles. */
const FORBID_TAGS = ['img', 'form', 'input', 'button', 'style', 'iframe', 'video', 'audio'];

export function ScriptView({ markdown }: { markdown: string | null }) {
  const html = useMemo(() => (markdown ? DOMPurify.sanitize(marked.parse(markdown, { async: false, gfm: true }), { USE_PROFILES: { html: true }, FORBID_TAGS }) : ''), [markdown]);
  return <div id="pop-script" class="script" aria-label="Script" hidden={!html} dangerouslySetInnerHTML={{ __html: html }} />;
}
