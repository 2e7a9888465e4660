package dev.sessions.e2e.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sessions.e2e.E2eEnvironment;

/**
 * The faults of {@code ./stack chaos}, done to the e2e stack's own processes: its Redis Cluster nodes (redis-cli with
 * the cluster's password in the environment, never on the command line) and its registry instances (signals; a killed
 * one is started again with the command line, environment and folder it had).
 */
final class ClusterControl {

    private final Path run = Path.of(E2eEnvironment.required("E2E_CHAOS_RUN_DIR"));
    private final List<Integer> ports = new ArrayList<>();
    private final String password;

    ClusterControl() {
        String found = null;
        for (String host : E2eEnvironment.required("E2E_REDIS_HOSTS").split(",")) {
            URI uri = URI.create(host.trim());
            ports.add(uri.getPort());
            String userInfo = uri.getUserInfo();
            if (userInfo != null && userInfo.contains(":")) {
                found = userInfo.substring(userInfo.indexOf(':') + 1);
            }
        }
        this.password = found;
    }

    /** The nodes' ports, the first seed first. */
    List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** redis-cli against one node; its output. */
    String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(Arrays.asList(args));
        return exec(command, cliEnv(), null);
    }

    private Map<String, String> cliEnv() {
        Map<String, String> env = new HashMap<>();
        if (password != null) {
            env.put("REDISCLI_AUTH", password);
        }
        return env;
    }

    /** The node (port) that serves a slot as master, from the view of a live node. */
    int masterOf(int slot) {
        for (Node node : nodes()) {
            if (node.master() && node.serves(slot)) {
                return node.port();
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** Whether a master other than {@code port} serves the slot now (false while nobody does, during a failover). */
    boolean promoted(int slot, int port) {
        try {
            return nodes().stream().anyMatch(n -> n.master() && n.connected() && n.serves(slot) && n.port() != port);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether a node's process runs. */
    boolean nodeRuns(int port) {
        return Files.exists(Path.of("/proc", Long.toString(nodePid(port))));
    }

    /** The slot of a key, e.g. a session's bucket tag {@code {Ab}}. */
    int slotOf(String key) {
        return Integer.parseInt(cli(livePort(), "CLUSTER", "KEYSLOT", key).trim());
    }

    private volatile int deadPort = -1;

    private int livePort() {
        return ports.stream().filter(port -> port != deadPort).findFirst().orElseThrow();
    }

    /**
     * Moves a slot to another master the way {@code redis-cli --cluster reshard} does, a few keys at a time, so that
     * load meets the slot half-moved (ASK, TRYAGAIN for scripts whose keys are split). The commands go to redis-cli on
     * its standard input: MIGRATE carries the password.
     */
    void moveSlot(int slot) {
        List<Node> nodes = nodes();
        Node from = nodes.stream()
                .filter(n -> n.master() && n.serves(slot))
                .findFirst()
                .orElseThrow();
        Node to = nodes.stream()
                .filter(n -> n.master() && !n.slots().isEmpty() && n.port() != from.port())
                .findFirst()
                .orElseThrow();
        cli(to.port(), "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", from.id());
        cli(from.port(), "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", to.id());
        while (true) {
            String keys = cli(from.port(), "CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "5")
                    .trim();
            if (keys.isEmpty()) {
                break;
            }
            String auth = password == null ? "" : " AUTH " + password;
            String migrate = "MIGRATE 127.0.0.1 " + to.port() + " \"\" 0 5000" + auth + " KEYS "
                    + String.join(" ", keys.split("\\s+")) + "\n";
            String out = cliInput(from.port(), migrate);
            if (!out.contains("OK") && !out.contains("NOKEY")) {
                throw new IllegalStateException("MIGRATE failed: " + out);
            }
            pause(100);
        }
        for (Node node : nodes) {
            if (node.master()) {
                cli(node.port(), "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", to.id());
            }
        }
    }

    private String cliInput(int port, String commands) {
        return exec(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)), cliEnv(), commands);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The cluster's nodes as a live node sees them. */
    List<Node> nodes() {
        for (int port : ports) {
            if (port == deadPort) {
                continue;
            }
            String out = cli(port, "CLUSTER", "NODES");
            if (out.contains("myself")) {
                return Node.parse(out);
            }
        }
        throw new IllegalStateException("no cluster node answers");
    }

    /** Whether every slot is served and every master has a connected replica (writes with WAIT 1 can succeed). */
    boolean healthy() {
        try {
            for (int port : ports) {
                if (!cli(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                    return false;
                }
            }
            List<Node> nodes = nodes();
            long masters = nodes.stream()
                    .filter(n -> n.master() && n.connected() && !n.slots().isEmpty())
                    .count();
            long replicas =
                    nodes.stream().filter(n -> !n.master() && n.connected()).count();
            // connected is not yet in sync: a master counts its replica for min-replicas-to-write once it is online
            boolean synced = nodes.stream()
                    .filter(n -> n.master() && !n.slots().isEmpty())
                    .allMatch(n -> cli(n.port(), "INFO", "replication").contains("state=online"));
            return masters == 3 && replicas == 3 && synced;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** kill -9 of a node. */
    void killNode(int port) {
        signal(nodePid(port), "KILL");
        deadPort = port;
    }

    /** Starts a killed node again from its configuration; it rejoins (as a replica once its slots were taken over). */
    void restartNode(int port) {
        exec(
                List.of(
                        "redis-server",
                        run.resolve("redis-cluster/" + port + "/redis.conf").toString()),
                Map.of(),
                null);
        deadPort = -1;
    }

    long nodePid(int port) {
        return readPid(run.resolve("redis-cluster/" + port + "/redis.pid"));
    }

    /** A registry unit's pid ({@code session-registry}, {@code session-registry-2}). */
    long registryPid(String unit) {
        return readPid(run.resolve("run/" + unit + ".pid"));
    }

    void signal(long pid, String signal) {
        exec(List.of("kill", "-" + signal, Long.toString(pid)), Map.of(), null);
    }

    /** What a process was started with, read before it is killed, so that it can be started the same way again. */
    record Launch(List<String> command, Map<String, String> environment, Path directory) {}

    Launch launchOf(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            List<String> command = split(Files.readAllBytes(proc.resolve("cmdline")));
            Map<String, String> env = new HashMap<>();
            for (String entry : split(Files.readAllBytes(proc.resolve("environ")))) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return new Launch(command, env, proc.resolve("cwd").toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a registry unit again as it was started, its output appended to its log, its pid file rewritten. */
    void relaunch(String unit, Launch launch) {
        try {
            ProcessBuilder builder = new ProcessBuilder(launch.command())
                    .directory(launch.directory().toFile());
            builder.environment().clear();
            builder.environment().putAll(launch.environment());
            Path log = run.resolve("logs/" + unit + ".log");
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process process = builder.start();
            Files.writeString(run.resolve("run/" + unit + ".pid"), process.pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a registry unit's log. */
    String log(String unit) {
        try {
            return Files.readString(run.resolve("logs/" + unit + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> split(byte[] nulSeparated) {
        List<String> parts = new ArrayList<>();
        for (String part : new String(nulSeparated, StandardCharsets.UTF_8).split("\0")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command (with {@code input} on its stdin when not null) and returns its output; 20 s at most. */
    private static String exec(List<String> command, Map<String, String> env, String input) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One line of CLUSTER NODES. */
    record Node(String id, int port, boolean master, boolean connected, List<int[]> slots) {

        boolean serves(int slot) {
            return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
        }

        static List<Node> parse(String clusterNodes) {
            List<Node> nodes = new ArrayList<>();
            for (String line : clusterNodes.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8) {
                    continue;
                }
                String address = f[1].split("@")[0];
                int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                boolean master = f[2].contains("master") && !f[2].contains("fail");
                boolean connected = "connected".equals(f[7]) && !f[2].contains("fail");
                List<int[]> slots = new ArrayList<>();
                for (int i = 8; i < f.length; i++) {
                    if (f[i].startsWith("[")) {
                        continue;
                    }
                    String[] range = f[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    slots.add(new int[] {from, range.length > 1 ? Integer.parseInt(range[1]) : from});
                }
                nodes.add(new Node(f[0], port, master, connected, slots));
            }
            return nodes;
        }
    }
}
