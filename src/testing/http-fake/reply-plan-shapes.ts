/** What both fake servers plan for a reply before sending it: the shapes their plans share. */

/** The fields every planned model answer has, whatever its content. */
export interface PlannedAnswer<Usage> {
  readonly id: string;
  readonly model: string;
  readonly usage: Usage;
  /** Pause between two text deltas (ms). */
  readonly delayMs: number;
}

/** An HTTP error with the provider's JSON body; `message` defaults to one naming the status. */
export interface ErrorPlan {
  readonly kind: 'error';
  readonly status: number;
  readonly message?: string | undefined;
}

/** A stream that starts and then never ends (`hang`) or loses its socket (`disconnect`). */
export interface CutStreamPlan {
  readonly kind: 'hang' | 'disconnect';
  readonly id: string;
  readonly model: string;
}
