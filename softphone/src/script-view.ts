// The queue's script on the page: markdown (the admin's, with the call's values filled in and
// escaped by the server: server/sip/calls/agent-script.ts) rendered by marked and sanitized by
// DOMPurify before it is set — the one place the page sets HTML, and nothing it sets can run.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

export function showScript(el: HTMLElement, markdown: string | null): void {
  if (!markdown) {
    el.replaceChildren();
    el.hidden = true;
    return;
  }
  const html = marked.parse(markdown, { async: false, gfm: true });
  // Text, headings, lists, emphasis and links: no images (no tracking pixel), forms or styles.
  el.innerHTML = DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['img', 'form', 'input', 'button', 'style', 'iframe', 'video', 'audio'] });
  el.hidden = false;
}
