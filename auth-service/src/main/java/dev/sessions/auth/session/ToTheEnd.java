package dev.sessions.auth.session;

import io.smallrye.mutiny.Uni;

/**
 * Work that must not stop halfway because the request that started it was cancelled (its client went away): the
 * request's cancellation no longer reaches it, and it goes on to its end, its outcome dropped. Resources whose every
 * step changes state say so with {@code @Cancellable(false)}; this is for the steps after a sign-in's password check,
 * whose hash is worth dropping while it waits but whose session, once opened, must be stored with its refresh token.
 */
public final class ToTheEnd {

    private ToTheEnd() {}

    /** {@code work}, subscribed when the Uni returned is and run to its end whatever happens to that subscription. */
    public static <T> Uni<T> of(Uni<T> work) {
        return Uni.createFrom().emitter(emitter -> work.subscribe().with(emitter::complete, emitter::fail));
    }
}
