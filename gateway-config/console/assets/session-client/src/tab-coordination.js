/**
 * The tabs of one app on one origin: a `BroadcastChannel` to share tokens and endings, and a way to let only one
 * tab refresh at a time: a Web Lock, or where Web Locks are missing (insecure contexts, old browsers), claims over
 * the channel.
 * @module tab-coordination
 */

/** How long a tab waits for the token of the tab that holds the refresh lock (or claimed the refresh). */
export const PEER_REFRESH_WAIT_MS = 5000;
/** The fallback claim protocol: how long a tab listens for competing claims before it refreshes. */
export const CLAIM_SETTLE_MS = 60;

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
  /** @type {BroadcastChannel|null} */
  #channel = null;
  /** @type {LockManager|null} */
  #locks;
  #lockName;
  #tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  /** @type {Map<string, {tab:string, at:number}>} */
  #claims = new Map();
  #onMessage;
  #listener = (/** @type {MessageEvent} */ event) => this.#receive(event.data);

  /**
   * @param {object} options
   * @param {string} options.channelName the `BroadcastChannel` shared by the app's tabs
   * @param {string} options.lockName the Web Lock held while refreshing
   * @param {LockManager|null} options.locks the Web Locks API, or null for the claim protocol
   * @param {(message:any) => void} options.onMessage gets every message of the other tabs but the claims
   */
  constructor({ channelName, lockName, locks, onMessage }) {
    this.#lockName = lockName;
    this.#locks = locks;
    this.#onMessage = onMessage;
    if (typeof BroadcastChannel === 'function') {
      this.#channel = new BroadcastChannel(channelName);
      this.#channel.addEventListener('message', this.#listener);
    }
  }

  /** Whether other tabs can be reached (a `BroadcastChannel` exists). */
  get connected() { return this.#channel !== null; }

  /**
   * Tells the other tabs; a closed channel is not an error (they will refresh on their own).
   * @param {object} message
   */
  post(message) {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // a closed channel: the other tabs will refresh on their own
    }
  }

  /**
   * Runs `work.run()` in one tab at a time across the browser, unless another tab's result makes it unnecessary.
   * @template T
   * @param {ExclusiveWork<T>} work
   * @returns {Promise<T>}
   */
  async exclusive({ satisfied, waitForPeer, run, done }) {
    if (this.#locks) {
      const first = await this.#locks.request(this.#lockName, { ifAvailable: true },
        (/** @type {unknown} */ lock) => (lock ? (satisfied() ? done : run()) : null));
      if (first) return first;
      // another tab is refreshing: its token usually arrives before the lock is ours
      await waitForPeer(PEER_REFRESH_WAIT_MS);
      if (satisfied()) return done;
      return this.#locks.request(this.#lockName, () => (satisfied() ? done : run()));
    }
    if (this.#channel) {
      const claim = { type: 'claim', tab: this.#tabId, at: Date.now() };
      this.post(claim);
      await delay(CLAIM_SETTLE_MS);
      // a claim older than the wait is from a tab that went away mid-refresh
      const rival = [...this.#claims.values()].find((c) => claim.at - c.at < PEER_REFRESH_WAIT_MS
        && (c.at < claim.at || (c.at === claim.at && c.tab < claim.tab)));
      if (rival) {
        await waitForPeer(PEER_REFRESH_WAIT_MS);
        if (satisfied()) return done;
      }
      try {
        return satisfied() ? done : await run();
      } finally {
        this.post({ type: 'claim-done', tab: this.#tabId });
      }
    }
    return run();
  }

  /** Closes the channel. */
  close() {
    this.#channel?.removeEventListener('message', this.#listener);
    this.#channel?.close();
    this.#channel = null;
  }

  /** @param {any} message */
  #receive(message) {
    if (message?.type === 'claim') this.#claims.set(message.tab, message);
    else if (message?.type === 'claim-done') this.#claims.delete(message.tab);
    else this.#onMessage(message);
  }
}

/** @param {number} ms */
export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
