/**
 * The idle limit configured for this page: `<meta name="idle-timeout-seconds" content="...">`, else 2 hours. The
 * query parameter `idle-timeout-seconds` can only shorten it (tests, kiosks): a link must not be able to switch the
 * idle sign-out off or lengthen it.
 * @param {{querySelector: Function}|null} [doc] the page (default: `document`)
 * @param {{search: string}|null} [loc] its address (default: `location`)
 * @returns {number} seconds
 */
export function idleTimeoutFromPage(doc?: {
    querySelector: Function;
} | null, loc?: {
    search: string;
} | null): number;
/**
 * The idle limit of one tab: no pointer, key, wheel, touch or scroll input in it for the limit signs that tab out
 * (the session and the other tabs carry on). Timers of hidden tabs are throttled, so a tab that becomes visible
 * again catches up at once.
 * @module idle-timer
 */
/** Default idle limit of a tab: 2 hours without user activity. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS: number;
export const ACTIVITY_EVENTS: string[];
export class IdleTimer {
    /**
     * @param {object} options
     * @param {number} options.idleTimeoutSeconds the limit; 0 turns the idle sign-out off
     * @param {() => void} options.onIdle called once when an armed timer runs out
     * @param {() => void} [options.onVisible] called when the page becomes visible again
     * @param {EventTarget|null} [options.target=globalThis] where user input is listened to
     * @param {Document|null} [options.document=globalThis.document] whose `visibilitychange` is listened to
     * @param {() => number} [options.now=Date.now] the clock, in milliseconds (for tests)
     */
    constructor({ idleTimeoutSeconds, onIdle, onVisible, target, document, now }: {
        idleTimeoutSeconds: number;
        onIdle: () => void;
        onVisible?: (() => void) | undefined;
        target?: EventTarget | null | undefined;
        document?: Document | null | undefined;
        now?: (() => number) | undefined;
    });
    /** Counts as user activity now (e.g. a sign-in). */
    touch(): void;
    /** Starts (or re-checks) the countdown from the last activity: `onIdle` runs when it is already over. */
    arm(): void;
    /** Stops the countdown (the tab has no session). */
    disarm(): void;
    /** Stops the countdown and the listeners. */
    dispose(): void;
    #private;
}
