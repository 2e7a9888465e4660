package dev.sessions.contract.session;

/**
 * What made a sign-in stand out, decided once at sign-in from the user's own history (the contract's
 * {@code Session.flags}); carried on the session, on its {@code SIGNED_IN} event and in the answer to auth-service,
 * which sends the new-sign-in mail when any is set.
 */
public enum SessionFlag {
    /** No sign-in of this user in the previous 90 days had the same device type, OS and browser family. */
    NEW_DEVICE,
    /** No sign-in of this user in the previous 90 days came from this country; never for an unknown location. */
    NEW_COUNTRY,
    /** Faster than 1,000 km/h from the user's previous sign-in with a known location. */
    IMPOSSIBLE_TRAVEL
}
