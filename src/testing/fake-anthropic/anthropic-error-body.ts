/** Anthropic's error type for an HTTP status, as the real API names them. */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** The JSON body of an Anthropic API error. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id: string;
}

/** Builds Anthropic's error body; the message defaults to one naming the status. */
export function anthropicErrorBody(
  status: number,
  requestId: string,
  type?: string,
  message?: string,
): AnthropicErrorBody {
  const errorType = type ?? anthropicErrorType(status);
  return {
    type: 'error',
    error: { type: errorType, message: message ?? `Fake Anthropic error ${status} (${errorType})` },
    request_id: requestId,
  };
}
