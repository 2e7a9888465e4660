/**
 * The idle limit of one tab: no pointer, key, wheel, touch or scroll input in it for the limit signs that tab out
 * (the session and the other tabs carry on). Timers of hidden tabs are throttled, so a tab that becomes visible
 * again catches up at once.
 * @module idle-timer
 */

/** Default idle limit of a tab: 2 hours without user activity. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 2 * 60 * 60;

export const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'];

export class IdleTimer {
  #idleMs;
  #onIdle;
  #onVisible;
  /** @type {ReturnType<typeof setTimeout>|undefined} */
  #timer;
  #now;
  #lastActivity;
  #target;
  #document;
  #activityListener = () => { this.#lastActivity = this.#now(); };
  #visibilityListener = () => {
    if (this.#document?.visibilityState === 'visible') this.#onVisible();
  };

  /**
   * @param {object} options
   * @param {number} options.idleTimeoutSeconds the limit; 0 turns the idle sign-out off
   * @param {() => void} options.onIdle called once when an armed timer runs out
   * @param {() => void} [options.onVisible] called when the page becomes visible again
   * @param {EventTarget|null} [options.target=globalThis] where user input is listened to
   * @param {Document|null} [options.document=globalThis.document] whose `visibilitychange` is listened to
   * @param {() => number} [options.now=Date.now] the clock, in milliseconds (for tests)
   */
  constructor({ idleTimeoutSeconds, onIdle, onVisible = () => {}, target = globalThis, document = globalThis.document,
    now = Date.now }) {
    this.#now = now;
    this.#lastActivity = now();
    this.#idleMs = idleTimeoutSeconds > 0 ? idleTimeoutSeconds * 1000 : 0;
    this.#onIdle = onIdle;
    this.#onVisible = onVisible;
    this.#target = target;
    this.#document = document ?? null;
    for (const type of ACTIVITY_EVENTS) {
      this.#target?.addEventListener?.(type, this.#activityListener, { capture: true, passive: true });
    }
    this.#document?.addEventListener('visibilitychange', this.#visibilityListener);
  }

  /** Counts as user activity now (e.g. a sign-in). */
  touch() { this.#lastActivity = this.#now(); }

  /** Starts (or re-checks) the countdown from the last activity: `onIdle` runs when it is already over. */
  arm() {
    clearTimeout(this.#timer);
    if (!this.#idleMs) return;
    const remaining = this.#lastActivity + this.#idleMs - this.#now();
    if (remaining <= 0) {
      this.disarm();
      this.#onIdle();
      return;
    }
    this.#timer = setTimeout(() => this.arm(), remaining);
  }

  /** Stops the countdown (the tab has no session). */
  disarm() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Stops the countdown and the listeners. */
  dispose() {
    this.disarm();
    for (const type of ACTIVITY_EVENTS) {
      this.#target?.removeEventListener?.(type, this.#activityListener, { capture: true });
    }
    this.#document?.removeEventListener('visibilitychange', this.#visibilityListener);
  }
}

/**
 * The idle limit configured for this page: `<meta name="idle-timeout-seconds" content="...">`, else 2 hours. The
 * query parameter `idle-timeout-seconds` can only shorten it (tests, kiosks): a link must not be able to switch the
 * idle sign-out off or lengthen it.
 * @param {{querySelector: Function}|null} [doc] the page (default: `document`)
 * @param {{search: string}|null} [loc] its address (default: `location`)
 * @returns {number} seconds
 */
export function idleTimeoutFromPage(doc = globalThis.document, loc = globalThis.location) {
  /** @param {string|null|undefined} text */
  const positive = (text) => {
    const seconds = text != null && text !== '' ? Number(text) : NaN;
    return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
  };
  const configured = positive(doc?.querySelector('meta[name="idle-timeout-seconds"]')?.getAttribute('content'))
    ?? DEFAULT_IDLE_TIMEOUT_SECONDS;
  const requested = positive(loc ? new URLSearchParams(loc.search).get('idle-timeout-seconds') : null);
  return requested !== null && requested < configured ? requested : configured;
}
