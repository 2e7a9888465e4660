/** @param {number} ms */
export function delay(ms: number): Promise<any>;
/**
 * The tabs of one app on one origin: a `BroadcastChannel` to share tokens and endings, and a way to let only one
 * tab refresh at a time: a Web Lock, or where Web Locks are missing (insecure contexts, old browsers), claims over
 * the channel.
 * @module tab-coordination
 */
/** How long a tab waits for the token of the tab that holds the refresh lock (or claimed the refresh). */
export const PEER_REFRESH_WAIT_MS: 5000;
/** The fallback claim protocol: how long a tab listens for competing claims before it refreshes. */
export const CLAIM_SETTLE_MS: 60;
/**
 * The part of the Web Locks API the client uses (`navigator.locks`).
 * @typedef {{request: Function}} LockManager
 */
/**
 * What a refresh in one tab at a time needs from its caller.
 * @template T
 * @typedef {object} ExclusiveWork
 * @property {() => boolean} satisfied whether this tab already holds what the work would get (a newer token)
 * @property {(ms:number) => Promise<void>} waitForPeer waits up to `ms` for another tab's result
 * @property {() => Promise<T>} run the work itself
 * @property {T} done what to answer when `satisfied()` turned true meanwhile
 */
export class TabCoordinator {
    /**
     * @param {object} options
     * @param {string} options.channelName the `BroadcastChannel` shared by the app's tabs
     * @param {string} options.lockName the Web Lock held while refreshing
     * @param {LockManager|null} options.locks the Web Locks API, or null for the claim protocol
     * @param {(message:any) => void} options.onMessage gets every message of the other tabs but the claims
     */
    constructor({ channelName, lockName, locks, onMessage }: {
        channelName: string;
        lockName: string;
        locks: LockManager | null;
        onMessage: (message: any) => void;
    });
    /** Whether other tabs can be reached (a `BroadcastChannel` exists). */
    get connected(): boolean;
    /**
     * Tells the other tabs; a closed channel is not an error (they will refresh on their own).
     * @param {object} message
     */
    post(message: object): void;
    /**
     * Runs `work.run()` in one tab at a time across the browser, unless another tab's result makes it unnecessary.
     * @template T
     * @param {ExclusiveWork<T>} work
     * @returns {Promise<T>}
     */
    exclusive<T>({ satisfied, waitForPeer, run, done }: ExclusiveWork<T>): Promise<T>;
    /** Closes the channel. */
    close(): void;
    #private;
}
/**
 * The part of the Web Locks API the client uses (`navigator.locks`).
 */
export type LockManager = {
    request: Function;
};
/**
 * What a refresh in one tab at a time needs from its caller.
 */
export type ExclusiveWork<T> = {
    /**
     * whether this tab already holds what the work would get (a newer token)
     */
    satisfied: () => boolean;
    /**
     * waits up to `ms` for another tab's result
     */
    waitForPeer: (ms: number) => Promise<void>;
    /**
     * the work itself
     */
    run: () => Promise<T>;
    /**
     * what to answer when `satisfied()` turned true meanwhile
     */
    done: T;
};
