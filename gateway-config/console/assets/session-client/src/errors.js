/**
 * The errors of the client: a session that is not there (any more), and an error answer of the backend.
 * @module errors
 */

/**
 * Why a session ended in this tab, as `event.detail.reason` of the `ended` event and `error.reason` of a
 * {@link SessionEndedError}.
 * - `expired`: the server refused the session (revoked elsewhere, signed out by an administrator, expired);
 * - `idle`: this tab saw no user activity for the configured limit (the session itself lives on);
 * - `signed-out`: the user signed out, or signed out of all devices, in another tab.
 * @typedef {'expired'|'idle'|'signed-out'} EndReason
 */

/** Thrown by `SessionClient#fetch` when there is no session (any more) to send the request with. */
export class SessionEndedError extends Error {
  /** @param {EndReason|'none'} reason */
  constructor(reason) {
    super(reason === 'none' ? 'Not signed in' : `Session ended (${reason})`);
    this.name = 'SessionEndedError';
    /** @type {EndReason|'none'} */
    this.reason = reason;
  }
}

/**
 * An RFC 9457 problem document as the backend sends it (all members optional: a proxy may answer without one).
 * @typedef {{type?:string, title?:string, status?:number, detail?:string, reason?:string}} Problem
 */

/** An error answer of the backend, carrying its RFC 9457 problem document. */
export class ProblemError extends Error {
  /**
   * @param {number} status HTTP status
   * @param {Problem} problem the problem document (may be empty)
   * @param {number|null} [retryAfterSeconds] the `Retry-After` header, when there is one
   */
  constructor(status, problem, retryAfterSeconds = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ProblemError';
    /** @type {number} */
    this.status = status;
    /** @type {Problem} */
    this.problem = problem;
    /** @type {number|null} */
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Reads a problem document (or anything) from a failed response.
   * @param {Response} response
   * @returns {Promise<ProblemError>}
   */
  static async from(response) {
    let problem = {};
    try {
      const body = await response.json();
      if (body && typeof body === 'object') problem = body;
    } catch {
      // not JSON: the status alone has to do
    }
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    return new ProblemError(response.status, problem, Number.isFinite(retryAfter) ? retryAfter : null);
  }
}

/**
 * The `reason` of a 401 problem for a token whose session ended (contract, "Live sessions"), else null.
 * @param {Response} response
 * @returns {Promise<string|null>}
 */
export async function endReasonOf(response) {
  try {
    const problem = await response.clone().json();
    return typeof problem?.reason === 'string' ? problem.reason : null;
  } catch {
    return null;
  }
}
