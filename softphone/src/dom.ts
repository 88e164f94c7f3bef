// Typed element lookup: a missing or mistyped element in index.html fails loudly at start-up.

export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`softphone page: #${id} is missing or not a ${type.name}`);
  return el;
}
