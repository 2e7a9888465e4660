package dev.sessions.registry.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (format 2.0: search tree with 32-bit records, 16-byte separator, data section,
 * metadata) for test fixtures. No Java writer exists on Maven Central; this one knows maps, strings, doubles,
 * unsigned integers and arrays, which is what City databases use.
 */
public final class MmdbWriter {

    private static final byte[] METADATA_MARKER = {
        (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
    };

    private final int ipVersion;
    private final String databaseType;
    private final Node root = new Node();
    private final Map<Object, Integer> dataOffsets = new IdentityHashMap<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    public MmdbWriter(int ipVersion, String databaseType) {
        this.ipVersion = ipVersion;
        this.databaseType = databaseType;
    }

    /** Adds a network such as {@code 81.2.69.142/31} or {@code 2001:218::/32} with its record. */
    public MmdbWriter insert(String cidr, Map<String, Object> record) throws IOException {
        String[] parts = cidr.split("/");
        byte[] address = InetAddress.getByName(parts[0]).getAddress();
        int prefix = Integer.parseInt(parts[1]);
        if (ipVersion == 6 && address.length == 4) {
            byte[] mapped = new byte[16];
            System.arraycopy(address, 0, mapped, 12, 4);
            address = mapped;
            prefix += 96;
        }
        if (ipVersion == 4 && address.length != 4) {
            throw new IllegalArgumentException("IPv6 network in an IPv4 tree: " + cidr);
        }
        Node node = root;
        for (int bit = 0; bit < prefix - 1; bit++) {
            boolean one = bit(address, bit);
            Object child = one ? node.right : node.left;
            if (!(child instanceof Node)) {
                child = new Node();
                if (one) {
                    node.right = child;
                } else {
                    node.left = child;
                }
            }
            node = (Node) child;
        }
        if (bit(address, prefix - 1)) {
            node.right = record;
        } else {
            node.left = record;
        }
        return this;
    }

    /** Writes the database file. */
    public void write(Path file) throws IOException {
        List<Node> nodes = new ArrayList<>();
        Map<Node, Integer> index = new IdentityHashMap<>();
        Deque<Node> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            index.put(node, nodes.size());
            nodes.add(node);
            for (Object child : new Object[] {node.left, node.right}) {
                if (child instanceof Node n) {
                    queue.add(n);
                }
            }
        }
        int nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            writeUint32(out, record(node.left, index, nodeCount));
            writeUint32(out, record(node.right, index, nodeCount));
        }
        out.write(new byte[16]);
        out.write(data.toByteArray());
        out.write(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new Uint(2));
        metadata.put("binary_format_minor_version", new Uint(0));
        metadata.put("build_epoch", new Uint(System.currentTimeMillis() / 1000));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", databaseType + " test fixture"));
        metadata.put("ip_version", new Uint(ipVersion));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", new Uint(nodeCount));
        metadata.put("record_size", new Uint(32));
        encode(out, metadata);
        Files.write(file, out.toByteArray());
    }

    private long record(Object child, Map<Node, Integer> index, int nodeCount) throws IOException {
        if (child == null) {
            return nodeCount;
        }
        if (child instanceof Node n) {
            return index.get(n);
        }
        Integer offset = dataOffsets.get(child);
        if (offset == null) {
            offset = data.size();
            dataOffsets.put(child, offset);
            encode(data, child);
        }
        return (long) nodeCount + 16 + offset;
    }

    private static boolean bit(byte[] address, int bit) {
        return ((address[bit / 8] >> (7 - bit % 8)) & 1) == 1;
    }

    private static void writeUint32(ByteArrayOutputStream out, long value) {
        out.write((int) (value >>> 24) & 0xff);
        out.write((int) (value >>> 16) & 0xff);
        out.write((int) (value >>> 8) & 0xff);
        out.write((int) value & 0xff);
    }

    @SuppressWarnings("unchecked")
    private static void encode(ByteArrayOutputStream out, Object value) throws IOException {
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            control(out, 2, bytes.length);
            out.write(bytes);
        } else if (value instanceof Double d) {
            control(out, 3, 8);
            long bits = Double.doubleToLongBits(d);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (bits >>> shift) & 0xff);
            }
        } else if (value instanceof Uint u) {
            byte[] bytes = minimal(u.value());
            control(out, u.value() > 0xffffffffL ? 9 : 6, bytes.length);
            out.write(bytes);
        } else if (value instanceof Map<?, ?> map) {
            control(out, 7, map.size());
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                encode(out, entry.getKey());
                encode(out, entry.getValue());
            }
        } else if (value instanceof List<?> list) {
            control(out, 11, list.size());
            for (Object item : list) {
                encode(out, item);
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    private static byte[] minimal(long value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean started = false;
        for (int shift = 56; shift >= 0; shift -= 8) {
            int b = (int) (value >>> shift) & 0xff;
            if (b != 0 || started) {
                bytes.write(b);
                started = true;
            }
        }
        return bytes.toByteArray();
    }

    private static void control(ByteArrayOutputStream out, int type, int size) {
        int sizeBits;
        byte[] extra;
        if (size < 29) {
            sizeBits = size;
            extra = new byte[0];
        } else if (size < 285) {
            sizeBits = 29;
            extra = new byte[] {(byte) (size - 29)};
        } else {
            int rest = size - 285;
            sizeBits = 30;
            extra = new byte[] {(byte) (rest >>> 8), (byte) rest};
        }
        if (type <= 7) {
            out.write((type << 5) | sizeBits);
        } else {
            out.write(sizeBits);
            out.write(type - 7);
        }
        out.write(extra, 0, extra.length);
    }

    /** An unsigned integer (uint32 or uint64). */
    public record Uint(long value) {}

    /** A node of the search tree; children are nodes, records (maps) or null (no data). */
    private static final class Node {
        private Object left;
        private Object right;
    }
}
