package pinn4j.plots.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, TensorBoard's container of event files: each record is its length (uint64, little-endian), the
 * masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data (uint32s, little-endian).
 */
final class TfRecord {

    /** Bytes before a record's data: its length and that length's checksum. */
    static final int HEADER = 12;
    /** Bytes after a record's data: its checksum. */
    static final int FOOTER = 4;

    /** Field numbers of TensorFlow's {@code Event} message (tensorflow/core/util/event.proto). */
    static final int EVENT_WALL_TIME = 1;
    static final int EVENT_STEP = 2;
    static final int EVENT_FILE_VERSION = 3;
    static final int EVENT_SUMMARY = 5;
    /** Field numbers of {@code Summary} and {@code Summary.Value} (tensorflow/core/framework/summary.proto). */
    static final int SUMMARY_VALUE = 1;
    static final int VALUE_TAG = 1;
    static final int VALUE_SIMPLE_VALUE = 2;
    /** The version the first event of a file declares; TensorBoard reads files of version 2. */
    static final String FILE_VERSION = "brain.Event:2";

    private TfRecord() {
    }

    /** One record: header, data and footer, ready to be written in one piece. */
    static ByteBuffer frame(byte[] data) {
        ByteBuffer record = ByteBuffer.allocate(HEADER + data.length + FOOTER).order(ByteOrder.LITTLE_ENDIAN);
        record.putLong(data.length);
        record.putInt(maskedCrc(record.array(), 0, 8));
        record.put(data);
        record.putInt(maskedCrc(data, 0, data.length));
        return record.flip();
    }

    /**
     * The CRC-32C of the bytes, masked as TFRecord has it: checksums of data that holds checksums are then not
     * themselves mistaken for data.
     */
    static int maskedCrc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + 0xa282ead8;
    }
}
