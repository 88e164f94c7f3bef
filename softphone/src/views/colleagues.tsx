// The colleagues list (directory.ts): each agent with an extension, their live ACD state, and
// buttons to call them or to put their extension in the transfer box.
import { ErrorLine } from '../ui/error-line.js';
import { Pill } from '../ui/pill.js';
import { Section } from '../ui/section.js';
import { useDesk, useSoftphone } from './context.js';

export function Colleagues() {
  const sp = useSoftphone();
  const { entries, error } = useDesk((s) => s.directory);
  return (
    <Section class="directory" title="Colleagues" titleId="directory-title">
      <ul id="directory-list">
        {entries.map((e) => {
          const extension = e.extension ?? '';
          return (
            <li key={e.agentId} data-extension={extension} data-agent-id={e.agentId}>
              <span>{`${e.name} (${extension})`}</span>{' '}
              <Pill data-state={e.state}>{e.reason ? `${e.state} (${e.reason})` : e.state}</Pill>{' '}
              <button type="button" class="call-colleague" aria-label={`Call ${e.name}`} onClick={() => void sp.dial(extension)}>Call</button>{' '}
              <button type="button" class="transfer-to-colleague" aria-label={`Transfer to ${e.name}`} onClick={() => sp.transferTo(extension)}>Transfer to</button>
            </li>
          );
        })}
      </ul>
      <ErrorLine id="directory-error" text={error} />
    </Section>
  );
}
