// Modal dialogs on the native <dialog> (showModal: focus stays inside, the page behind is
// inert): the first field (or button) takes the focus on open, Escape closes. Confirm asks
// before a destructive action and shows why it was refused (a 409 names every referrer);
// Secrets shows generated passwords once, each with a copy button.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorLine } from '../../softphone/src/ui/error-line.js';
import { errorText } from './api.js';

export interface DialogProps {
  id: string;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}

export function Dialog({ id, title, onClose, children, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    dialog.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button:not(.close)')?.focus();
    return () => dialog.close();
  }, []);
  return (
    <dialog ref={ref} id={id} class={wide ? 'wide' : ''} aria-labelledby={`${id}-title`} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <header class="dialog-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" class="close" aria-label="Close dialog" onClick={onClose}>×</button>
      </header>
      {children}
    </dialog>
  );
}

export interface ConfirmProps<T> {
  question: string;
  action: string;
  run: () => Promise<T>;
  onClose: () => void;
  /** What follows a success (another dialog: the new password); closing by default. */
  done?: (result: T) => void;
}

export function Confirm<T>({ question, action, run, onClose, done }: ConfirmProps<T>) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const go = async (): Promise<void> => {
    setBusy(true);
    try {
      const result = await run();
      if (done) done(result);
      else onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <Dialog id="confirm" title="Are you sure?" onClose={onClose}>
      <p>{question}</p>
      <ErrorLine id="confirm-error" text={error} />
      <div class="actions">
        {error ? null : <button type="button" class="stop" disabled={busy} onClick={() => void go()}>{action}</button>}
        <button type="button" onClick={onClose}>{error ? 'Close' : 'Cancel'}</button>
      </div>
    </Dialog>
  );
}

export interface Secret {
  label: string;
  value: string;
}

/** Passwords the server generated: shown here once, never again. */
export function Secrets({ title, intro, secrets, onClose }: { title: string; intro: string; secrets: Secret[]; onClose: () => void }) {
  return (
    <Dialog id="secrets" title={title} onClose={onClose}>
      <p>{intro} They are shown only now: copy them before closing.</p>
      <dl class="facts secrets">
        {secrets.map((s, i) => (
          <>
            <dt>{s.label}</dt>
            <dd><code class="secret" id={`secret-${i}`}>{s.value}</code> <CopyButton text={s.value} label={s.label} /></dd>
          </>
        ))}
      </dl>
      <div class="actions"><button type="button" onClick={onClose}>Done</button></div>
    </Dialog>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  const copy = (): void => {
    void navigator.clipboard.writeText(text).then(() => setDone(true), () => setDone(false));
  };
  return <button type="button" aria-label={`Copy ${label}`} onClick={copy}>{done ? 'Copied' : 'Copy'}</button>;
}
