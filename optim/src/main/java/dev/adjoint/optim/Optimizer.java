package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A gradient-based optimizer as a pure function on graphs: given the nodes of a parameter {@code w}, its
 * gradient {@code g}, its optimizer state {@code s} and the step {@code t}, {@link #update} builds the nodes of
 * {@code (w', s')}. Nothing is mutated and nothing is remembered between steps: the state lives in plain
 * tensors that the caller feeds in and takes out (so it can be saved, restored and inspected), and a
 * training loop compiles {@code (params, state, step) -> (params', state')} once and calls it every step.
 *
 * <p>Implementations are immutable records of hyperparameters, each with one static {@code defaults()} holding
 * Keras 3's default values, {@code with...} copy methods, and a compact constructor that rejects invalid values
 * with a message naming the optimizer, the hyperparameter and the value
 * ({@code "Adam: beta1 must be in [0, 1), got 1.5"}). Each follows Keras 3's update equations
 * ({@code keras/src/optimizers/*.py}) operation for operation, so results agree with Keras up to the order of
 * floating-point operations in its backend; the equations are in each record's Javadoc.
 *
 * <table>
 *   <caption>The optimizers</caption>
 *   <tr><th>record</th><th>state</th><th>reference</th></tr>
 *   <tr><td>{@link Sgd}</td><td>none</td><td>Robbins and Monro, 1951</td></tr>
 *   <tr><td>{@link Momentum}</td><td>velocity</td><td>Polyak, 1964</td></tr>
 *   <tr><td>{@link Nesterov}</td><td>velocity</td><td>Nesterov, 1983; Sutskever et al., 2013</td></tr>
 *   <tr><td>{@link Adagrad}</td><td>accumulator</td><td>Duchi et al., 2011</td></tr>
 *   <tr><td>{@link Adadelta}</td><td>two running means</td><td>Zeiler, 2012</td></tr>
 *   <tr><td>{@link RMSprop}</td><td>one to three running means</td><td>Tieleman and Hinton, 2012</td></tr>
 *   <tr><td>{@link Adam}</td><td>m, v (and v̂)</td><td>Kingma and Ba, 2015</td></tr>
 *   <tr><td>{@link AdamW}</td><td>m, v (and v̂)</td><td>Loshchilov and Hutter, 2019</td></tr>
 * </table>
 *
 * <p><b>Dtypes.</b> The update works in the parameter's dtype: the step and the gradient are cast to it, and
 * every constant (β, ε, ...) is a scalar of that dtype, so float32 parameters are updated in float32 as Keras
 * does for float32 variables.
 */
public interface Optimizer {

    /** The learning-rate schedule {@code η(t)}. */
    Schedule learningRate();

    /** The same hyperparameters with another learning-rate schedule. */
    Optimizer withLearningRate(Schedule schedule);

    /**
     * The same hyperparameters with the constant learning rate {@code lr}.
     *
     * @throws IllegalArgumentException if {@code lr} is NaN, infinite or not positive
     */
    default Optimizer withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(Checks.learningRate(name(), lr)));
    }

    /** The optimizer's name, as in Keras ({@code "SGD"}, {@code "Adam"}, ...) and in error messages. */
    String name();

    /**
     * The initial state tensors for one parameter, parallel to {@link #stateNames()}: e.g. Adam's
     * {@code [m = 0, v = 0]}; empty for plain SGD. Each has the parameter's dtype and shape unless the
     * implementation documents otherwise.
     */
    List<Tensor> initialState(Tensor param);

    /** The initial states of several parameters, one list per parameter. */
    default List<List<Tensor>> initialStates(List<Tensor> params) {
        Objects.requireNonNull(params, name() + ": params is null");
        List<List<Tensor>> states = new ArrayList<>(params.size());
        for (Tensor param : params) {
            states.add(initialState(Objects.requireNonNull(param, name() + ": a parameter is null")));
        }
        return List.copyOf(states);
    }

    /** The names of the state slots, parallel to {@link #initialState}, e.g. {@code ["m", "v"]}; for saving. */
    List<String> stateNames();

    /**
     * The update of one parameter, in graph operations.
     *
     * @param param the parameter {@code w}
     * @param grad the gradient {@code g} of the loss with respect to {@code w} (same shape; cast to
     *     {@code w}'s dtype)
     * @param state the state nodes, one per {@link #stateNames() slot}, each of {@code w}'s type
     * @param step a rank-0 node holding the 1-based number {@code t} of this update (cast to {@code w}'s dtype)
     * @return the nodes of {@code w'} and of the new state
     * @throws IllegalArgumentException naming the optimizer when a shape, dtype or count does not fit
     */
    ParamUpdate update(Node param, Node grad, List<Node> state, Node step);

    /**
     * The update of all parameters at once: {@link #update(Node, Node, List, Node)} mapped over the lists,
     * all with the same step.
     *
     * @throws IllegalArgumentException if the lists have different lengths
     */
    default List<ParamUpdate> update(List<Node> params, List<Node> grads, List<List<Node>> states, Node step) {
        Objects.requireNonNull(params, name() + ": params is null");
        Objects.requireNonNull(grads, name() + ": grads is null");
        Objects.requireNonNull(states, name() + ": states is null");
        if (params.size() != grads.size() || params.size() != states.size()) {
            throw new IllegalArgumentException(name() + ": params, grads and states must have equal lengths, got "
                    + params.size() + ", " + grads.size() + " and " + states.size());
        }
        List<ParamUpdate> updates = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            updates.add(update(params.get(i), grads.get(i), states.get(i), step));
        }
        return List.copyOf(updates);
    }
}
