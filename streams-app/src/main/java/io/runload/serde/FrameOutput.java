package io.runload.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that a serializer reuses for every record on one thread. Unlike
 * {@link java.io.ByteArrayOutputStream} it takes no lock per write and has room for the
 * wire-format header written in place.
 */
final class FrameOutput extends OutputStream {

    private static final int INITIAL_CAPACITY = 256;
    // A single huge record must not pin a huge buffer to a thread for the rest of its life.
    private static final int RETAINED_CAPACITY = 1 << 20;

    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int count;

    /** Discards the previous frame and writes the header of a new one. */
    void startFrame(int schemaId) {
        count = 0;
        ensureCapacity(AvroWireFormat.HEADER_LENGTH);
        AvroWireFormat.writeHeader(buffer, 0, schemaId);
        count = AvroWireFormat.HEADER_LENGTH;
    }

    /** A copy of the frame; Kafka keeps the returned array, so it cannot be the buffer itself. */
    byte[] toFrame() {
        byte[] frame = Arrays.copyOf(buffer, count);
        if (buffer.length > RETAINED_CAPACITY) {
            buffer = new byte[INITIAL_CAPACITY];
        }
        count = 0;
        return frame;
    }

    @Override
    public void write(int b) {
        ensureCapacity(count + 1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensureCapacity(count + length);
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
