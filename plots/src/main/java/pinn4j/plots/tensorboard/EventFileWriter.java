package pinn4j.plots.tensorboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;

import com.google.protobuf.CodedOutputStream;

/**
 * Writes one TensorBoard event file: a first event declaring the file's version, then one event of scalars per
 * step. Each event is written to the file with a single write as soon as it is given, unbuffered, so that TensorBoard
 * sees the file grow as training runs and a process that is killed leaves every event it wrote whole (a write cut
 * short by a full disk leaves a partial last record, which TensorBoard ignores).
 */
public final class EventFileWriter implements AutoCloseable {

    /**
     * How every event file's name begins; TensorBoard reads the files whose names contain {@code tfevents}.
     */
    public static final String PREFIX = "events.out.tfevents.";

    private final Path path;
    private final FileChannel channel;

    private EventFileWriter(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Creates a new event file in a folder and writes its first event. Its name is {@value #PREFIX}, the time in
     * seconds, {@code pinn4j} and the process id: unique per process and second, without the host name TensorFlow
     * puts there, whose lookup can take seconds where the name service is slow.
     *
     * @param folder an existing folder
     * @return the writer, to close
     * @throws IOException when the file cannot be created or written
     */
    public static EventFileWriter create(Path folder) throws IOException {
        long millis = System.currentTimeMillis();
        Path file = folder.resolve(PREFIX + millis / 1000 + ".pinn4j." + ProcessHandle.current().pid());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        EventFileWriter writer = new EventFileWriter(file, channel);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream event = CodedOutputStream.newInstance(bytes);
            event.writeDouble(TfRecord.EVENT_WALL_TIME, millis / 1000.0);
            event.writeString(TfRecord.EVENT_FILE_VERSION, TfRecord.FILE_VERSION);
            event.flush();
            writer.append(bytes.toByteArray());
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /**
     * The file being written.
     *
     * @return its path
     */
    public Path path() {
        return path;
    }

    /**
     * Writes one event: the scalars of a step, stamped with the current time.
     *
     * @param step the step, the x-axis of TensorBoard's charts
     * @param scalars each scalar's value by its tag, in the order to write them
     * @throws IOException when the event cannot be written
     */
    public void write(long step, Map<String, Float> scalars) throws IOException {
        Objects.requireNonNull(scalars, "scalars");
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        CodedOutputStream values = CodedOutputStream.newInstance(summary);
        for (Map.Entry<String, Float> scalar : scalars.entrySet()) {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            CodedOutputStream fields = CodedOutputStream.newInstance(value);
            fields.writeString(TfRecord.VALUE_TAG, scalar.getKey());
            fields.writeFloat(TfRecord.VALUE_SIMPLE_VALUE, scalar.getValue());
            fields.flush();
            values.writeByteArray(TfRecord.SUMMARY_VALUE, value.toByteArray());
        }
        values.flush();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream event = CodedOutputStream.newInstance(bytes);
        event.writeDouble(TfRecord.EVENT_WALL_TIME, System.currentTimeMillis() / 1000.0);
        event.writeInt64(TfRecord.EVENT_STEP, step);
        event.writeByteArray(TfRecord.EVENT_SUMMARY, summary.toByteArray());
        event.flush();
        append(bytes.toByteArray());
    }

    private void append(byte[] event) throws IOException {
        ByteBuffer record = TfRecord.frame(event);
        while (record.hasRemaining()) {
            channel.write(record);
        }
    }

    /**
     * Closes the file; every event is already written.
     *
     * @throws IOException when closing fails
     */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
