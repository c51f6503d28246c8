package io.runload.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Growable byte sink for the hand-written state codecs. Per-athlete state is rewritten to
 * RocksDB on every heart-rate sample, so integers go out as LEB128 varints (small numbers
 * take one byte) and signed deltas are zigzag-encoded first.
 */
public final class CompactBytesOut {

    private byte[] buffer;
    private int size;

    public CompactBytesOut(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    public void writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    /** Writes a non-negative value as a varint; negative values would take 10 bytes and are refused. */
    public void writeUnsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value for unsigned varint: " + value);
        }
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
    }

    /** Zigzag keeps small negative deltas as short as small positive ones. */
    public void writeSigned(long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        ensure(10);
        while ((zigzag & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        buffer[size++] = (byte) zigzag;
    }

    public void writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(utf8.length);
        writeBytes(utf8, 0, utf8.length);
    }

    void writeBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, buffer, size, length);
        size += length;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
