import { LiaisonException } from '../../src/common/errors/liaison.exception';

/** The code and field of the LiaisonException a call fails with; fails the test when the call succeeds. */
export async function failureOf(promise: Promise<unknown>): Promise<{ code: string; field?: unknown }> {
  const { code, field } = await failureWithMessage(promise);
  return { code, field };
}

export async function failureWithMessage(promise: Promise<unknown>): Promise<{ code: string; field?: unknown; message: string }> {
  const error = await rejection(promise);
  return { code: error.code, field: error.details.field, message: error.message };
}

/** The code and every detail (field, currentVersion, status...) of the LiaisonException a call fails with. */
export async function failureDetails(promise: Promise<unknown>): Promise<{ code: string; [detail: string]: unknown }> {
  const error = await rejection(promise);
  return { code: error.code, ...error.details };
}

async function rejection(promise: Promise<unknown>): Promise<LiaisonException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LiaisonException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
