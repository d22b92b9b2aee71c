package dev.adjoint.nn.layer;

/**
 * A recurrent layer ({@link SimpleRNN}, {@link LSTM}, {@link GRU}): what {@link Bidirectional} needs to know of
 * the layer it runs both ways.
 */
public sealed interface Recurrent extends Layer permits SimpleRNN, LSTM, GRU {

    /** Whether it returns every output, {@code [N, T, units]}. */
    boolean returnSequences();

    /** Whether it returns its final states after its output. */
    boolean returnState();

    /** Whether it runs from the end of the sequence. */
    boolean goBackwards();

    /** The number of states: 2 for an LSTM (h, c), 1 otherwise. */
    int stateCount();

    /** The same layer running the other way. */
    Recurrent reversed();
}
