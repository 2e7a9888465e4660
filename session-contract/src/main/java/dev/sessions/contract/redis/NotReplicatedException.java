package dev.sessions.contract.redis;

/**
 * A script's writes reached fewer replicas than asked within the wait: they are on the master, but a failover now could
 * lose them, so the call must not answer as if they were safe.
 */
public class NotReplicatedException extends RuntimeException {

    public NotReplicatedException(int asked, int confirmed) {
        super("the write reached " + confirmed + " of " + asked + " replicas in time");
    }
}
