// Checks the shape of JSON the server sends before the UI trusts it: a wrong server version or a
// proxy's error page gives a clear message instead of undefined fields deep in the call code.

export class ContractError extends Error {
  override name = 'ContractError';
}

export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ContractError(`${what}: expected an object`);
  return value as Record<string, unknown>;
}

export function str(obj: Record<string, unknown>, key: string, what: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v === '') throw new ContractError(`${what}: '${key}' must be a non-empty string`);
  return v;
}

export function optStr(obj: Record<string, unknown>, key: string): string | null {
  const v = obj[key];
  return typeof v === 'string' ? v : null;
}
