/** The HTTP status a @gitbeaker/rest call ended with: 200 when it succeeded, else the error's. */
export async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { cause?: { response?: { status?: number } } }).cause?.response?.status;
  }
}

/** The status and message of a @gitbeaker/rest call GitLab refused (the message is the body's `message` or `error`). */
export async function refusalOf(promise: Promise<unknown>): Promise<[number | undefined, string]> {
  try {
    await promise;
  } catch (error) {
    return [(error as { cause?: { response?: { status?: number } } }).cause?.response?.status, (error as Error).message];
  }
  throw new Error('the call succeeded');
}
