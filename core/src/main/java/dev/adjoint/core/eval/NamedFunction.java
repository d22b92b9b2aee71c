package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled {@link Function} whose arguments and results are named: {@code call} takes a map from argument
 * names to tensors and returns a map from result names to tensors, so a caller never unpacks results by
 * position. This is JAX's pytree idea in Java terms, for the flat case: a structure of many tensors (a
 * model's parameters, an optimizer's state) travels as one map whose keys are paths such as
 * {@code "params/dense/kernel"} or {@code "optimizer/dense/kernel/m"}.
 *
 * <pre>{@code
 * NamedFunction step = NamedFunction.of(Map.of("w", w, "x", x), Map.of("loss", loss, "w'", wNext));
 * Map<String, Tensor> out = step.call(Map.of("w", wValue, "x", xValue));
 * Tensor next = out.get("w'");
 * }</pre>
 *
 * <p>Compilation, thread safety and determinism are those of {@link Function}: the plan is compiled once
 * from the nodes in the maps' iteration order.
 */
public final class NamedFunction {

    private final Function function;
    private final List<String> argumentNames;
    private final List<String> resultNames;

    private NamedFunction(Function function, List<String> argumentNames, List<String> resultNames) {
        this.function = function;
        this.argumentNames = argumentNames;
        this.resultNames = resultNames;
    }

    /**
     * Compiles {@code results} as functions of {@code arguments} ({@link Function#of(List, List)}).
     *
     * @param arguments input nodes by argument name
     * @param results output nodes by result name
     * @throws IllegalArgumentException as {@link Function#of(List, List)}, naming the input
     */
    public static NamedFunction of(Map<String, Node> arguments, Map<String, Node> results) {
        Objects.requireNonNull(arguments, "arguments is null");
        Objects.requireNonNull(results, "results is null");
        List<String> argumentNames = List.copyOf(arguments.keySet());
        List<String> resultNames = List.copyOf(results.keySet());
        Function function = Function.of(new ArrayList<>(arguments.values()), new ArrayList<>(results.values()));
        return new NamedFunction(function, argumentNames, resultNames);
    }

    /**
     * One input node per tensor, with the tensor's name, dtype and shape: the arguments for a structure of
     * values (an optimizer's state, say) in one call.
     */
    public static Map<String, Node> inputsLike(Map<String, Tensor> values) {
        Objects.requireNonNull(values, "values is null");
        Map<String, Node> inputs = new LinkedHashMap<>();
        values.forEach((name, value) -> inputs.put(name, SourceOp.input(name, value.shape(), value.dtype())));
        return Collections.unmodifiableMap(inputs);
    }

    /** The compiled function underneath, arguments and results in the maps' order. */
    public Function function() {
        return function;
    }

    /** The argument names, in compilation order. */
    public List<String> argumentNames() {
        return argumentNames;
    }

    /** The result names, in compilation order. */
    public List<String> resultNames() {
        return resultNames;
    }

    /** This function with anomaly detection ({@link Function#withAnomalyDetection()}). */
    public NamedFunction withAnomalyDetection() {
        return new NamedFunction(function.withAnomalyDetection(), argumentNames, resultNames);
    }

    /**
     * Evaluates every result.
     *
     * @param arguments exactly one tensor per argument name
     * @return the results by name, in compilation order (an unmodifiable map)
     * @throws IllegalArgumentException naming a missing or unknown argument, or as {@link Function#call(List)}
     *     but naming the argument by its name here and its position
     */
    public Map<String, Tensor> call(Map<String, Tensor> arguments) {
        Objects.requireNonNull(arguments, "call: arguments is null");
        List<Tensor> args = new ArrayList<>(argumentNames.size());
        for (String name : argumentNames) {
            Tensor value = arguments.get(name);
            if (value == null) {
                throw new IllegalArgumentException("call: argument '" + name + "' is missing, expected the arguments "
                        + argumentNames + ", got " + arguments.keySet());
            }
            args.add(value);
        }
        if (arguments.size() != argumentNames.size()) {
            List<String> unknown = new ArrayList<>(arguments.keySet());
            unknown.removeAll(argumentNames);
            throw new IllegalArgumentException("call: arguments " + unknown + " are not arguments of this function,"
                    + " expected " + argumentNames);
        }
        List<Tensor> values = function.call(args, this::describe);
        Map<String, Tensor> results = new LinkedHashMap<>();
        for (int i = 0; i < resultNames.size(); i++) {
            results.put(resultNames.get(i), values.get(i));
        }
        return Collections.unmodifiableMap(results);
    }

    /**
     * Argument {@code i} as a message names it: {@code argument 'D/dense/kernel' (position 1 of 2; input node
     * 'dense/kernel')}, the input node's own name said only when it differs.
     */
    private String describe(int i) {
        String name = argumentNames.get(i);
        String node = SourceOp.inputName(function.inputs().get(i));
        return "argument '" + name + "' (position " + i + " of " + argumentNames.size()
                + (node.equals(name) ? "" : "; input node '" + node + "'") + ")";
    }
}
