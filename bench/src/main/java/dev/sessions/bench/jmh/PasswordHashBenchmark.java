package dev.sessions.bench.jmh;

import java.util.concurrent.TimeUnit;

import com.password4j.Argon2Function;
import com.password4j.Hash;
import com.password4j.Password;
import com.password4j.types.Argon2;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The raw cost of one sign-in's password check: an argon2id verification with password4j at the parameters
 * auth-service is configured with (bench/run passes them as -p memory=... so both sides always agree). Run with as
 * many threads as cores, it is the ceiling of the sign-in rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PasswordHashBenchmark {

    /** Memory cost in KiB. */
    @Param("19456")
    public int memory;

    /** Passes over the memory. */
    @Param("2")
    public int iterations;

    /** Lanes. */
    @Param("1")
    public int parallelism;

    /** Hash length in bytes. */
    @Param("32")
    public int outputLength;

    /** Salt length in bytes. */
    @Param("16")
    public int saltLength;

    private Argon2Function function;
    private Hash hash;

    @Setup
    public void setUp() {
        function = Argon2Function.getInstance(
                memory, iterations, parallelism, outputLength, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
        hash = Password.hash("correct horse battery staple")
                .addRandomSalt(saltLength)
                .with(function);
    }

    @Benchmark
    public boolean verify() {
        return Password.check("correct horse battery staple", hash.getResult()).with(function);
    }
}
