// Live-call requests (conference, transfer) answer a CallControlError as the client's error —
// its status, and the body field it names — while anything else stays a 500.
import { ApiError } from './api-error.js';
import { CallControlError } from '../../sip/calls/call-control-error.js';

export async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof CallControlError)) throw err;
    throw new ApiError(err.status, err.message, err.field ? [{ path: `body.${err.field}`, message: err.message }] : undefined);
  }
}
