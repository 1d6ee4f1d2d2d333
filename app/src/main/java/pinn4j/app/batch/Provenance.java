package pinn4j.app.batch;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Where a batch report comes from, printed on its page so that a figure taken from it can be traced: the batch file
 * (or the folders merged), the pinn4j version, the machine and when the report was written.
 *
 * @param source the batch file, or the folders a report merges
 * @param version the pinn4j version that wrote the report
 * @param machine operating system, architecture, cores and Java version
 * @param written when, in UTC
 */
public record Provenance(String source, String version, String machine, String written) {

    /**
     * Checks that every field is given.
     *
     * @param source the batch file, or the folders a report merges
     * @param version the pinn4j version that wrote the report
     * @param machine operating system, architecture, cores and Java version
     * @param written when, in UTC
     */
    public Provenance {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(written, "written");
    }

    /**
     * The provenance of a report written now, on this machine.
     *
     * @param source the batch file, or the folders a report merges
     * @param version the pinn4j version
     * @return the provenance
     */
    public static Provenance now(String source, String version) {
        String machine = String.format("%s %s, %d cores, Java %s", System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        String written = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        return new Provenance(source, version, machine, written);
    }
}
