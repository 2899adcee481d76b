/** The JSON body of an OpenAI API error. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: null; code: string | null };
}

/** OpenAI's error `type` and default `code` for an HTTP status, as the real API names them. */
export function openAiErrorKind(status: number): { type: string; code: string | null } {
  switch (status) {
    case 401:
      return { type: 'invalid_request_error', code: 'invalid_api_key' };
    case 403:
      return { type: 'invalid_request_error', code: 'unsupported_country_region_territory' };
    case 404:
      return { type: 'invalid_request_error', code: 'not_found' };
    case 429:
      return { type: 'requests', code: 'rate_limit_exceeded' };
    case 503:
      return { type: 'server_error', code: 'service_unavailable' };
    default:
      return status >= 500
        ? { type: 'server_error', code: null }
        : { type: 'invalid_request_error', code: null };
  }
}

/** Builds an OpenAI error body; the message defaults to one naming the status. */
export function openAiErrorBody(status: number, message?: string, code?: string): OpenAiErrorBody {
  const kind = openAiErrorKind(status);
  return {
    error: {
      message: message ?? `Fake Responses error ${status}`,
      type: kind.type,
      param: null,
      code: code ?? kind.code,
    },
  };
}
