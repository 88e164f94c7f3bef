// A titled panel: <section> labelled by its own <h2>. Other section attributes (id, class,
// hidden, data-*) pass through.
import type { ComponentChildren, HTMLAttributes } from 'preact';

export type SectionProps = Omit<HTMLAttributes<HTMLElement>, 'title'> & {
  title: ComponentChildren;
  /** Id of the heading (the section's accessible name). */
  titleId: string;
  children?: ComponentChildren;
};

export function Section({ title, titleId, children, ...rest }: SectionProps) {
  return (
    <section aria-labelledby={titleId} {...rest}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </section>
  );
}
