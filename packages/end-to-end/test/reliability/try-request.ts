/** How a request ended: its HTTP status, or the connection error's code (`ECONNREFUSED`…). */
export async function tryRequest(url: string, init: RequestInit = {}): Promise<number | string> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? String(error);
  }
}
