/** An answer that was not 2xx, with the problem+json `detail` the services write for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

interface Problem {
  detail?: unknown;
  title?: unknown;
}

/** The message to show for a failed answer: its `detail`, else its title, else the status. */
export async function errorOf(response: Response): Promise<ApiError> {
  let detail = '';
  try {
    const body = (await response.json()) as Problem;
    if (typeof body.detail === 'string') detail = body.detail;
    else if (typeof body.title === 'string') detail = body.title;
  } catch {
    // not JSON (e.g. a proxy's HTML page): fall back to the status line
  }
  return new ApiError(response.status, detail || `${response.status} ${response.statusText}`);
}
