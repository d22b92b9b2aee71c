package dev.adjoint.core.graph;

/**
 * Where the channel axis of an image-like tensor lies, as Keras's {@code data_format}: last
 * ({@code [N, H, W, C]}, the default, Keras's and TensorFlow's) or first after the batch ({@code [N, C, H, W]},
 * PyTorch's). Kernels of convolutions are {@code [k..., cin/groups, cout]} in both formats, as in Keras.
 */
public enum DataFormat {
    /** {@code [N, spatial..., C]}. */
    CHANNELS_LAST,
    /** {@code [N, C, spatial...]}. */
    CHANNELS_FIRST;

    /** The axis of the channels in a tensor of rank {@code rank}. */
    public int channelAxis(int rank) {
        return this == CHANNELS_LAST ? rank - 1 : 1;
    }

    /**
     * The layout of a rank {@code spatial + 2} tensor in words, for messages: {@code channels-last
     * [N, H, W, C]}, {@code channels-first [N, C, D, H, W]}.
     */
    public String describe(int spatial) {
        String[] names = spatial == 1 ? new String[] {"W"} : spatial == 2 ? new String[] {"H", "W"}
                : spatial == 3 ? new String[] {"D", "H", "W"} : null;
        StringBuilder axes = new StringBuilder();
        for (int a = 0; a < spatial; a++) {
            axes.append(", ").append(names == null ? "s" + a : names[a]);
        }
        return this == CHANNELS_LAST ? "channels-last [N" + axes + ", C]"
                : "channels-first [N, C" + axes + "]";
    }
}
