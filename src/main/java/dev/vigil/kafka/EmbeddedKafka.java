package dev.vigil.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka broker inside Vigil's own process, from Kafka's own broker classes: the default
 * when no {@code bootstrap.servers} is configured, and the broker of the integration tests. Its data lives
 * under one directory; it listens on free loopback ports.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** How long after a topic is deleted its files are removed (see {@link #start}). */
    private static final long DELETE_DELAY_MS = 1_000;

    /** How often the broker snapshots its metadata log (see {@link #start}); a broker's default is an hour. */
    private static final long METADATA_SNAPSHOT_INTERVAL_MS = 5 * 60_000;

    private static final String TRANSACTION_VERSION = "transaction.version";
    private static final short TRANSACTIONS_V1 = 1;

    /** Written in the data directory while the broker runs, so other commands on this machine can find it. */
    private static final String ADDRESS_FILE = "vigil-bootstrap-servers";
    /** Kafka's own lock on a log directory: held while a broker uses it. */
    private static final String LOCK_FILE = ".lock";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final long startMillis;
    private final Path dataDir;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, long startMillis, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.startMillis = startMillis;
        this.dataDir = dataDir;
    }

    /**
     * The address of the embedded broker another process runs on {@code dataDir} now, if one does (the
     * {@code vigil models} commands talk to a running {@code vigil run} this way).
     */
    public static Optional<String> runningAt(Path dataDir) {
        Path address = dataDir.resolve(ADDRESS_FILE);
        Path lock = dataDir.resolve(LOCK_FILE);
        if (!Files.isRegularFile(address) || !Files.isRegularFile(lock)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock free = channel.tryLock();
            if (free != null) {
                free.release();
                return Optional.empty();
            }
            return Optional.of(Files.readString(address).trim());
        } catch (IOException | OverlappingFileLockException e) {
            return Optional.empty();
        }
    }

    /** Formats {@code dataDir} if it is new, starts the broker and returns once it accepts clients. */
    public static EmbeddedKafka start(Path dataDir) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded broker's directory " + dataDir, e);
        }
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort + ","
                + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("inter.broker.listener.name", BROKER_LISTENER);
        properties.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER
                + ":PLAINTEXT");
        properties.put("log.dirs", dataDir.toAbsolutePath().toString());
        // a single node: every internal topic has one replica, and exactly-once needs min.isr 1 to commit
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "4");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "4");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", "false");
        // a deleted topic's files go a second after it, not the minute a broker gives readers of other replicas and
        // of tiered storage (there are none): a program that deletes topics as it goes, as the bench does after each
        // pass, otherwise finds the broker removing their gigabytes a minute later, in whatever runs then. Not 0:
        // with 0 and nothing to delete, the broker's deletion task reschedules itself every millisecond.
        properties.put("log.segment.delete.delay.ms", String.valueOf(DELETE_DELAY_MS));
        // one node: there is no other replica to hand leadership to, so a controlled shutdown only makes the
        // controller fence this broker and publish new metadata while the broker's coordinators are closing, which
        // the group coordinator then logs as ERROR "UpdateImage ... EventProcessor is closed" (docs/decisions/0008)
        properties.put("controlled.shutdown.enable", "false");
        // the first metadata snapshot makes KRaft keep a second 8 MB batch buffer in its pool for good (its
        // BatchMemoryPool retains released buffers), a one-off step in the heap of the process the broker runs in; at
        // a broker's hourly interval that step came an hour into every long run, inside the soak's measured hour,
        // where it read as growth (decision 0027, addendum). Every five minutes it comes in the first five.
        properties.put("metadata.log.max.snapshot.interval.ms", String.valueOf(METADATA_SNAPSHOT_INTERVAL_MS));
        KafkaConfig config = KafkaConfig.fromProps(properties, false);

        format(dataDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        long millis = (System.nanoTime() - started) / 1_000_000;
        String bootstrap = "127.0.0.1:" + brokerPort;
        try {
            Files.writeString(dataDir.resolve(ADDRESS_FILE), bootstrap);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedded broker's address in " + dataDir, e);
        }
        return new EmbeddedKafka(server, bootstrap, millis, dataDir);
    }

    /** Writes the storage metadata on first use; a directory formatted before is kept with its data. */
    private static void format(Path dataDir) {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
                .addDirectory(dataDir.toAbsolutePath().toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                // transactions v1: the producer adds each partition to its transaction before it sends there. Under
                // v2 a transaction's first batch could meet the previous commit still completing and fail
                // (CONCURRENT_TRANSACTIONS) while the batches pipelined behind it reached the broker, which logged
                // each as an ERROR OutOfOrderSequenceException before the producer resent them in order: an ERROR on
                // a healthy first run (docs/decisions/0008-a-clean-first-run.md)
                .setFeatureLevel(TRANSACTION_VERSION, TRANSACTIONS_V1)
                .setIgnoreFormatted(true);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded broker's storage in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded broker", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory the broker keeps its partitions' logs in, one directory a partition. */
    public Path logDir() {
        return dataDir;
    }

    /** How long {@link #start} took, from formatting to accepting clients. */
    public long startMillis() {
        return startMillis;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(dataDir.resolve(ADDRESS_FILE));
        } catch (IOException e) {
            // harmless: runningAt also checks that a broker holds the directory
        }
        server.shutdown();
        server.awaitShutdown();
    }
}
