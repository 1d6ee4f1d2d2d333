package pinn4j.plots.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

/**
 * Reads an event file back, strictly: every record's framing and both its checksums are checked, and of each event
 * the fields {@link EventFileWriter} writes are read; other fields, and summary values other than a tag's
 * {@code simple_value} (images, histograms, TensorFlow 2's tensors), are skipped. It lets a program or a test see
 * what TensorBoard will see without TensorBoard.
 */
public final class EventFileReader {

    private EventFileReader() {
    }

    /**
     * One event of a file.
     *
     * @param wallTime seconds since the epoch when it was written
     * @param step its step; 0 for the file's first event
     * @param fileVersion the version the file's first event declares, empty in every other event
     * @param scalars each scalar's value by its tag, in the order written; empty in the first event
     */
    public record Event(double wallTime, long step, String fileVersion, Map<String, Float> scalars) {

        /**
         * Copies the scalars.
         *
         * @param wallTime seconds since the epoch when it was written
         * @param step its step
         * @param fileVersion the declared version, or empty
         * @param scalars each scalar's value by its tag
         */
        public Event {
            scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
        }
    }

    /**
     * Every event of a file, in order.
     *
     * @param file an event file
     * @return its events
     * @throws IOException when it cannot be read, or a record is cut short or fails its checksum (the message says
     *     which record, from 0)
     */
    public static List<Event> read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (bytes.hasRemaining()) {
            int index = events.size();
            if (bytes.remaining() < TfRecord.HEADER) {
                throw new IOException(file + ": record " + index + " is cut short in its header");
            }
            int start = bytes.position();
            long length = bytes.getLong();
            if (bytes.getInt() != TfRecord.maskedCrc(bytes.array(), start, 8)) {
                throw new IOException(file + ": record " + index + " fails its length's checksum");
            }
            if (length < 0 || length > bytes.remaining() - TfRecord.FOOTER) {
                throw new IOException(file + ": record " + index + " is cut short: " + length + " bytes announced");
            }
            int dataStart = bytes.position();
            byte[] data = new byte[(int) length];
            bytes.get(data);
            if (bytes.getInt() != TfRecord.maskedCrc(bytes.array(), dataStart, data.length)) {
                throw new IOException(file + ": record " + index + " fails its data's checksum");
            }
            events.add(event(data));
        }
        return events;
    }

    private static Event event(byte[] data) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        double wallTime = 0;
        long step = 0;
        String fileVersion = "";
        Map<String, Float> scalars = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TfRecord.EVENT_WALL_TIME -> wallTime = in.readDouble();
                case TfRecord.EVENT_STEP -> step = in.readInt64();
                case TfRecord.EVENT_FILE_VERSION -> fileVersion = in.readString();
                case TfRecord.EVENT_SUMMARY -> summary(in.readBytes().newCodedInput(), scalars);
                default -> in.skipField(tag);
            }
        }
        return new Event(wallTime, step, fileVersion, scalars);
    }

    private static void summary(CodedInputStream in, Map<String, Float> scalars) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != TfRecord.SUMMARY_VALUE) {
                in.skipField(tag);
                continue;
            }
            CodedInputStream value = in.readBytes().newCodedInput();
            String name = null;
            Float number = null;
            for (int field = value.readTag(); field != 0; field = value.readTag()) {
                switch (WireFormat.getTagFieldNumber(field)) {
                    case TfRecord.VALUE_TAG -> name = value.readString();
                    case TfRecord.VALUE_SIMPLE_VALUE -> number = value.readFloat();
                    default -> value.skipField(field);
                }
            }
            if (name != null && number != null) {
                scalars.put(name, number);
            }
        }
    }
}
