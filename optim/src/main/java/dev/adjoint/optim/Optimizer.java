package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A gradient-based optimizer as a pure function on graphs: given the nodes of a parameter {@code w}, its
 * gradient {@code g}, its optimizer state {@code s} and the step {@code t}, {@link #update} builds the nodes of
 * {@code (w', s')}. Nothing is mutated and nothing is remembered between steps: the state lives in plain
 * tensors that the caller feeds in and takes out (so it can be saved, restored and inspected), and a
 * training loop compiles {@code (params, state, step) -> (params', state')} once and calls it every step.
 *
 * <p><b>Named collections.</b> As optax's {@code init(params)} and {@code update(grads, state, params)}, the
 * optimizer works on a whole model's parameters at once, passed by name: {@link #init(Map)} gives the initial
 * state of named parameter tensors, and {@link #update(Map, Map, Map, Node)} the nodes of the new parameters
 * and state. The state of a collection is one flat map whose keys are {@link #stateName(String, String)
 * parameter/slot} paths ({@code "dense/kernel/m"}), the names the state has in model files; nothing is
 * passed or unpacked by position.
 *
 * <p><b>One rule per record.</b> Each record holds only its mathematics: the slots of one parameter's state
 * ({@link #slots()}) and the update {@link #rule} of one parameter on arguments that are already checked and
 * cast. The checks (shapes, dtypes, slot names, the rank of the step) and the lifting over collections are
 * written once, here.
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
 *   <tr><td>{@link Momentum}</td><td>velocity</td><td>Polyak, 1964; with Nesterov's look-ahead: Nesterov, 1983,
 *       Sutskever et al., 2013</td></tr>
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
     * The optimizer as a model's description shows it: {@link #name()} for an optimizer that wraps none; a wrapper
     * shows itself around the optimizer it wraps, e.g. {@code GradientAccumulation(2, GradientClipping(norm 1.0,
     * AdamW))}, where its {@code name()} is the wrapped optimizer's (the messages of the update come from it).
     */
    default String description() {
        return name();
    }

    /** The names of one parameter's state slots, e.g. Adam's {@code ["m", "v"]}; empty for plain SGD. */
    List<String> slots();

    /**
     * The initial value of slot {@code slot} for parameter {@code param}: zeros of the parameter's type unless
     * the optimizer documents otherwise (Adagrad's accumulator starts at {@code a₀}).
     */
    default Tensor initialSlot(String slot, Tensor param) {
        return Tensor.zeros(param.dtype(), param.shape());
    }

    /**
     * The update rule of one parameter, in graph operations, on checked arguments: what each optimizer's
     * Javadoc writes as equations. Call {@link #update} instead, which checks and casts the arguments first.
     *
     * @param w the parameter
     * @param g its gradient, of {@code w}'s type
     * @param s its state by slot name ({@link #slots()}), each of {@code w}'s type
     * @param t the 1-based step number, rank 0, in {@code w}'s dtype
     * @param lr the learning rate {@code η(t)}, rank 0, in {@code w}'s dtype
     * @return the nodes of {@code w'} and of the new state, by slot name
     */
    ParamUpdate rule(Node w, Node g, Map<String, Node> s, Node t, Node lr);

    /** The initial state of one parameter, by slot name ({@link #slots()} order). */
    default Map<String, Tensor> init(Tensor param) {
        Objects.requireNonNull(param, name() + ": param is null");
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String slot : slots()) {
            state.put(slot, initialSlot(slot, param));
        }
        return Collections.unmodifiableMap(state);
    }

    /**
     * The update of one parameter, in graph operations: the arguments are checked, the gradient and the step
     * cast to the parameter's dtype, the learning rate taken from the schedule at {@code t}, and then the
     * {@link #rule} applied.
     *
     * @param param the parameter {@code w}, floating-point
     * @param grad the gradient {@code g} of the loss with respect to {@code w} (same shape; cast to
     *     {@code w}'s dtype)
     * @param state the state nodes by slot name, exactly the {@link #slots()}, each of {@code w}'s type
     * @param step a rank-0 node holding the 1-based number {@code t} of this update (cast to {@code w}'s dtype)
     * @return the nodes of {@code w'} and of the new state
     * @throws IllegalArgumentException naming the optimizer when a shape, dtype or slot does not fit, or when
     *     the parameter is not floating-point (f32 or f64)
     */
    default ParamUpdate update(Node param, Node grad, Map<String, Node> state, Node step) {
        Node g = Checks.grad(name(), param, grad);
        Map<String, Node> s = Checks.state(name(), slots(), param, state);
        Node t = Checks.step(name(), param, step);
        Node lr = Checks.rate(name(), learningRate(), t, param.dtype());
        return Checks.inSlotOrder(name(), slots(), rule(param, g, s, t, lr));
    }

    /**
     * The initial state of named parameters: for every parameter {@code p} and slot {@code s}, the entry
     * {@link #stateName(String, String) p/s}, in the parameters' order.
     */
    default Map<String, Tensor> init(Map<String, Tensor> params) {
        Objects.requireNonNull(params, name() + ": params is null");
        Map<String, Tensor> state = new LinkedHashMap<>();
        params.forEach((p, value) -> init(Objects.requireNonNull(value, name() + ": parameter '" + p + "' is null"))
                .forEach((slot, tensor) -> state.put(stateName(p, slot), tensor)));
        return Collections.unmodifiableMap(state);
    }

    /**
     * The update of named parameters, all with the same step: {@link #update(Node, Node, Map, Node)} for each
     * parameter, its gradient and its slots {@code p/s} of {@code state}.
     *
     * @param grads the gradient of every parameter, by the parameter's name
     * @param state the state of every parameter, by {@link #stateName(String, String) p/s}
     * @param params the parameters by name, in the order of the result
     * @throws IllegalArgumentException naming the parameter when a gradient or a slot is missing or extra (the
     *     message lists the missing {@code p/s} keys and the unexpected ones)
     */
    default Update update(Map<String, Node> grads, Map<String, Node> state, Map<String, Node> params, Node step) {
        Objects.requireNonNull(grads, name() + ": grads is null");
        Objects.requireNonNull(state, name() + ": state is null");
        Objects.requireNonNull(params, name() + ": params is null");
        if (!grads.keySet().equals(params.keySet())) {
            throw new IllegalArgumentException(name() + ": grads must name exactly the parameters "
                    + params.keySet() + ", got " + grads.keySet());
        }
        Checks.stateKeys(name(), slots(), params.keySet(), state);
        Map<String, Node> nextParams = new LinkedHashMap<>();
        Map<String, Node> nextState = new LinkedHashMap<>();
        params.forEach((p, w) -> {
            Map<String, Node> s = new LinkedHashMap<>();
            for (String slot : slots()) {
                s.put(slot, state.get(stateName(p, slot)));
            }
            ParamUpdate u;
            try {
                u = update(w, grads.get(p), s, step);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw Checks.forParameter(e, p);
            }
            nextParams.put(p, u.param());
            for (String slot : slots()) {
                nextState.put(stateName(p, slot), u.state().get(slot));
            }
        });
        return new Update(nextParams, nextState);
    }

    /** The key of slot {@code slot} of parameter {@code param} in a collection's state: {@code param/slot}. */
    static String stateName(String param, String slot) {
        return param + "/" + slot;
    }
}
