package dev.adjoint.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.function.UnaryOperator;

/** A channel decorator that behaves like a disk that fills up after {@code capacity} bytes. */
public final class FullDisk implements WritableByteChannel {

    private final WritableByteChannel delegate;
    private long room;

    private FullDisk(WritableByteChannel delegate, long capacity) {
        this.delegate = delegate;
        this.room = capacity;
    }

    /** The decorator for {@link AtomicFiles#write(java.nio.file.Path, AtomicFiles.Content, UnaryOperator)}. */
    public static UnaryOperator<WritableByteChannel> after(long capacity) {
        return channel -> new FullDisk(channel, capacity);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (room == 0 && src.hasRemaining()) {
            throw new IOException("No space left on device");
        }
        int n = (int) Math.min(room, src.remaining());
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + n);
        int written = delegate.write(part);
        src.position(src.position() + written);
        room -= written;
        return written;
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
