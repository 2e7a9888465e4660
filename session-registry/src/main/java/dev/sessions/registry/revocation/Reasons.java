package dev.sessions.registry.revocation;

import java.util.Set;

/** The reasons the contract allows for REVOKED and EXPIRED events. */
public final class Reasons {

    /** Reasons of REVOKED. */
    public static final Set<String> REVOKED = Set.of("USER_REVOKED", "SIGN_OUT_OTHERS", "SIGN_OUT_ALL", "ADMIN_LOGOUT",
            "ADMIN_REVOKED", "ACCOUNT_DEACTIVATED", "PASSWORD_CHANGED", "REFRESH_TOKEN_REUSE", "SESSION_LIMIT");

    private Reasons() {
    }
}
