package pinn4j.solver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.CRC32;

import pinn4j.solver.io.Folders;
import pinn4j.solver.optim.OptimizerState;
import pinn4j.solver.optim.SearchState;
import pinn4j.solver.optim.Stage;

/**
 * A training's state on disk, to resume it ({@link PinnTrainer#resume}): a folder of two files, written whole or
 * not at all ({@link Folders#writeFolder}), the previous checkpoint kept until the new one is complete.
 *
 * <ul>
 * <li>{@code checkpoint.properties}: the format's name and {@link #VERSION}, the step it was taken after, the
 *     size and CRC-32 of the state file, and the caller's notes ({@code note.NAME});</li>
 * <li>{@code state.bin}: the state, in Java's {@link DataOutputStream} encoding (big-endian doubles, exact): the
 *     fingerprint of the problem and configuration, the parameters, the history, the best parameters, the loss
 *     weights, the random draws taken, and the running stage's optimizer state or search state.</li>
 * </ul>
 */
public final class Checkpoint {

    /** The version of the format; a checkpoint of another version is refused. */
    public static final int VERSION = 1;
    /** The file of the checkpoint's description. */
    static final String MANIFEST = "checkpoint.properties";
    /** The file of the state. */
    static final String STATE = "state.bin";
    private static final String FORMAT = "pinn4j-checkpoint";

    private Checkpoint() {
    }

    /**
     * Where a training stood after an iteration.
     *
     * @param fingerprint the problem and configuration it belongs to
     * @param stage the running stage
     * @param iteration a first-order stage's iterations done; 0 for a search
     * @param seconds training time so far
     * @param parameters the network's and fitted parameters
     * @param records the history so far
     * @param stages the finished stages' results
     * @param best the best parameters seen, or null
     * @param bestTotal their loss
     * @param bestWhere where they were seen
     * @param bestIteration the running first-order stage's iteration of its best loss (its patience counts from it)
     * @param weights the loss weights now
     * @param physicsFactor the ramp's factor now
     * @param samplings collocation placements so far
     * @param dropoutDraws dropout's random numbers drawn so far
     * @param optimizer the running first-order stage's optimizer state, or null
     * @param search the running search's position, or null
     */
    record State(String fingerprint, int stage, int iteration, double seconds, double[] parameters,
                 List<IterationRecord> records, List<StageResult> stages, double[] best, double bestTotal,
                 String bestWhere, int bestIteration, double[] weights, double physicsFactor, int samplings,
                 long dropoutDraws, OptimizerState optimizer, RestartingSearch.Position search) {
    }

    /**
     * The checkpoint folder a run's folder or a checkpoint folder holds.
     *
     * @param folder a run's output folder (with {@code checkpoint/}) or a checkpoint folder
     * @return the checkpoint folder
     * @throws IllegalArgumentException when neither holds a checkpoint
     */
    public static Path locate(Path folder) {
        if (Files.isRegularFile(folder.resolve(MANIFEST))) {
            return folder;
        }
        if (Files.isRegularFile(folder.resolve("checkpoint").resolve(MANIFEST))) {
            return folder.resolve("checkpoint");
        }
        throw new IllegalArgumentException(folder + (Files.isDirectory(folder) ? " holds no checkpoint (no "
                + MANIFEST + " in it or in its checkpoint/ folder); a run started with --checkpoint-every N leaves one"
                + " until it finishes" : " does not exist"));
    }

    /**
     * The notes a checkpoint was saved with ({@link Checkpointing#notes}), its version and checksum checked.
     *
     * @param folder the checkpoint folder ({@link #locate})
     * @return the notes
     * @throws IllegalArgumentException when the checkpoint is damaged or of another version
     * @throws IOException when it cannot be read
     */
    public static Map<String, String> notes(Path folder) throws IOException {
        Properties manifest = manifest(folder);
        checksum(folder, manifest, Files.readAllBytes(folder.resolve(STATE)));
        Map<String, String> notes = new TreeMap<>();
        for (String name : manifest.stringPropertyNames()) {
            if (name.startsWith("note.")) {
                notes.put(name.substring("note.".length()), manifest.getProperty(name));
            }
        }
        return notes;
    }

    /** Writes a checkpoint, replacing the previous one only once it is complete. */
    static void write(Checkpointing policy, State state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            encode(out, state);
        }
        byte[] encoded = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(encoded);
        Properties manifest = new Properties();
        manifest.setProperty("format", FORMAT);
        manifest.setProperty("version", Integer.toString(VERSION));
        manifest.setProperty("step", Integer.toString(state.records().size()));
        manifest.setProperty("bytes", Integer.toString(encoded.length));
        manifest.setProperty("crc32", Long.toHexString(crc.getValue()));
        policy.notes().forEach((name, value) -> manifest.setProperty("note." + name, value));
        StringWriter text = new StringWriter();
        manifest.store(text, "pinn4j training checkpoint; state.bin holds the state");
        Folders.writeFolder(policy.folder(), folder -> {
            Files.write(folder.resolve(STATE), encoded);
            Files.writeString(folder.resolve(MANIFEST), text.toString(), StandardCharsets.ISO_8859_1);
        });
    }

    /**
     * Reads a checkpoint, its version and checksum checked, for the training of the given fingerprint and plan.
     *
     * @throws IllegalArgumentException when it is damaged, of another version or of another training
     */
    static State read(Path folder, String fingerprint, List<Stage> plan) throws IOException {
        byte[] encoded = Files.readAllBytes(folder.resolve(STATE));
        checksum(folder, manifest(folder), encoded);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            String saved = text(in);
            if (!saved.equals(fingerprint)) {
                throw new IllegalArgumentException("checkpoint " + folder + " belongs to another training: it was"
                        + " saved for " + saved + ", and this one is " + fingerprint);
            }
            return decode(in, saved, plan);
        } catch (IOException e) {
            throw damaged(folder, STATE + " is not a state of this format (" + Folders.reason(e) + ")");
        }
    }

    private static Properties manifest(Path folder) throws IOException {
        Properties manifest = new Properties();
        Path file = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(file) || !Files.isRegularFile(folder.resolve(STATE))) {
            throw damaged(folder, "it needs both " + MANIFEST + " and " + STATE);
        }
        try (InputStream in = Files.newInputStream(file)) {
            manifest.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
        }
        if (!FORMAT.equals(manifest.getProperty("format"))) {
            throw damaged(folder, MANIFEST + " has format '" + manifest.getProperty("format") + "', not " + FORMAT);
        }
        if (!Integer.toString(VERSION).equals(manifest.getProperty("version"))) {
            throw damaged(folder, "version " + manifest.getProperty("version") + "; this pinn4j reads version "
                    + VERSION);
        }
        return manifest;
    }

    private static void checksum(Path folder, Properties manifest, byte[] encoded) {
        CRC32 crc = new CRC32();
        crc.update(encoded);
        if (!Long.toHexString(crc.getValue()).equals(manifest.getProperty("crc32"))
                || !Integer.toString(encoded.length).equals(manifest.getProperty("bytes"))) {
            throw damaged(folder, STATE + " does not match the checksum (crc32 " + manifest.getProperty("crc32")
                    + ", " + manifest.getProperty("bytes") + " bytes) in " + MANIFEST);
        }
    }

    private static IllegalArgumentException damaged(Path folder, String why) {
        return new IllegalArgumentException("checkpoint " + folder + " cannot be resumed: " + why);
    }

    private static void encode(DataOutputStream out, State s) throws IOException {
        text(out, s.fingerprint());
        out.writeInt(s.stage());
        out.writeInt(s.iteration());
        out.writeDouble(s.seconds());
        doubles(out, s.parameters());
        out.writeInt(s.records().size());
        for (IterationRecord r : s.records()) {
            out.writeInt(r.stage());
            out.writeInt(r.iteration());
            out.writeInt(r.step());
            doubles(out, r.terms());
            out.writeDouble(r.total());
            out.writeDouble(r.seconds());
            doubles(out, r.fitted());
        }
        out.writeInt(s.stages().size());
        for (StageResult r : s.stages()) {
            out.writeInt(r.index());
            out.writeInt(r.iterations());
            out.writeInt(r.evaluations());
            out.writeDouble(r.seconds());
            text(out, r.stopReason());
        }
        out.writeBoolean(s.best() != null);
        if (s.best() != null) {
            doubles(out, s.best());
        }
        out.writeDouble(s.bestTotal());
        text(out, s.bestWhere());
        out.writeInt(s.bestIteration());
        doubles(out, s.weights());
        out.writeDouble(s.physicsFactor());
        out.writeInt(s.samplings());
        out.writeLong(s.dropoutDraws());
        out.writeBoolean(s.optimizer() != null);
        if (s.optimizer() != null) {
            OptimizerState o = s.optimizer();
            out.writeInt(o.updates());
            out.writeInt(o.tensors().size());
            for (Map.Entry<String, List<double[]>> kind : o.tensors().entrySet()) {
                text(out, kind.getKey());
                matrix(out, kind.getValue().toArray(double[][]::new));
            }
            out.writeInt(o.scalars().size());
            for (Map.Entry<String, double[]> kind : o.scalars().entrySet()) {
                text(out, kind.getKey());
                doubles(out, kind.getValue());
            }
        }
        out.writeBoolean(s.search() != null);
        if (s.search() != null) {
            RestartingSearch.Position p = s.search();
            out.writeInt(p.iterations());
            out.writeInt(p.evaluations());
            out.writeInt(p.restarts());
            out.writeBoolean(p.from() != null);
            if (p.from() != null) {
                doubles(out, p.from());
            }
            out.writeBoolean(p.search() != null);
            if (p.search() != null) {
                SearchState q = p.search();
                doubles(out, q.point());
                out.writeDouble(q.value());
                doubles(out, q.gradient());
                out.writeInt(q.iteration());
                out.writeInt(q.evaluations());
                out.writeDouble(q.previousValue());
                out.writeDouble(q.stepSize());
                matrix(out, q.memory());
            }
        }
    }

    private static State decode(DataInputStream in, String fingerprint, List<Stage> plan) throws IOException {
        int stage = in.readInt();
        int iteration = in.readInt();
        double seconds = in.readDouble();
        double[] parameters = doubles(in);
        int count = in.readInt();
        List<IterationRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new IterationRecord(in.readInt(), in.readInt(), in.readInt(), doubles(in), in.readDouble(),
                    in.readDouble(), doubles(in)));
        }
        count = in.readInt();
        List<StageResult> stages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = in.readInt();
            if (index < 0 || index >= plan.size()) {
                throw new IOException("a result of stage " + index + " in a plan of " + plan.size());
            }
            stages.add(new StageResult(index, plan.get(index), in.readInt(), in.readInt(), in.readDouble(),
                    text(in)));
        }
        double[] best = in.readBoolean() ? doubles(in) : null;
        double bestTotal = in.readDouble();
        String bestWhere = text(in);
        int bestIteration = in.readInt();
        double[] weights = doubles(in);
        double physicsFactor = in.readDouble();
        int samplings = in.readInt();
        long dropoutDraws = in.readLong();
        OptimizerState optimizer = null;
        if (in.readBoolean()) {
            int updates = in.readInt();
            Map<String, List<double[]>> tensors = new LinkedHashMap<>();
            for (int kinds = in.readInt(), k = 0; k < kinds; k++) {
                tensors.put(text(in), List.of(matrix(in)));
            }
            Map<String, double[]> scalars = new LinkedHashMap<>();
            for (int kinds = in.readInt(), k = 0; k < kinds; k++) {
                scalars.put(text(in), doubles(in));
            }
            optimizer = new OptimizerState(updates, tensors, scalars);
        }
        RestartingSearch.Position search = null;
        if (in.readBoolean()) {
            int iterations = in.readInt();
            int evaluations = in.readInt();
            int restarts = in.readInt();
            double[] from = in.readBoolean() ? doubles(in) : null;
            SearchState state = in.readBoolean() ? new SearchState(doubles(in), in.readDouble(), doubles(in),
                    in.readInt(), in.readInt(), in.readDouble(), in.readDouble(), matrix(in)) : null;
            search = new RestartingSearch.Position(iterations, evaluations, restarts, from, state);
        }
        if (in.read() != -1) {
            throw new IOException("state.bin goes on after its end");
        }
        return new State(fingerprint, stage, iteration, seconds, parameters, records, stages, best, bestTotal,
                bestWhere, bestIteration, weights, physicsFactor, samplings, dropoutDraws, optimizer, search);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        return new String(in.readNBytes(length(in)), StandardCharsets.UTF_8);
    }

    private static void doubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double value : values) {
            out.writeDouble(value);
        }
    }

    private static double[] doubles(DataInputStream in) throws IOException {
        double[] values = new double[length(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    private static void matrix(DataOutputStream out, double[][] rows) throws IOException {
        out.writeInt(rows.length);
        for (double[] row : rows) {
            doubles(out, row);
        }
    }

    private static double[][] matrix(DataInputStream in) throws IOException {
        double[][] rows = new double[length(in)][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = doubles(in);
        }
        return rows;
    }

    /** A length, checked against the bytes left, so that a damaged file fails cleanly rather than allocating. */
    private static int length(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a length of " + length + " with " + in.available() + " bytes left");
        }
        return length;
    }
}
