/** The HTTP status a @gitbeaker/rest call ended with: 200 when it succeeded, else the error's. */
export async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { cause?: { response?: { status?: number } } }).cause?.response?.status;
  }
}
