package dev.sessions.auth.user;

/** Whether an account may sign in; stored by name. */
public enum AccountStatus {
    /** May sign in. */
    ACTIVE,
    /** Deactivated by an administrator: cannot sign in or refresh. */
    DEACTIVATED
}
