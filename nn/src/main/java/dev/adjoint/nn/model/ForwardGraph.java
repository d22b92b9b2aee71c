package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Provenance;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Frozen;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The graph of a model's forward pass, built by running its {@link Architecture} once: the input node, the
 * output node, one input node per parameter (named {@code layer/param}), the parameters' specs, and the
 * state updates declared while training.
 *
 * <p>Layers are named in the order they are first applied: an explicit name is kept, and unnamed layers get
 * {@code kind}, {@code kind_1}, {@code kind_2}, ...; two different layers with one explicit name are an
 * error.
 */
public final class ForwardGraph {

    private final Architecture architecture;
    private final DType dtype;
    private final boolean training;
    private final Node key;
    private final Node rows;
    private final Node input;
    private final Node output;
    private final Node outputMask;
    private final Map<Integer, Node> outputMasks;
    private final Map<String, Node> params = new LinkedHashMap<>();
    private final Map<String, ParamSpec> specs = new LinkedHashMap<>();
    private final Map<String, Node> stateUpdates = new LinkedHashMap<>();
    private final List<LayerInfo> layers = new ArrayList<>();
    private final List<Node> activityLosses = new ArrayList<>();
    private final List<Applied> outputLayers;

    /**
     * A layer as applied in this graph, under its name in the model.
     *
     * @param name the layer's name in the model
     * @param layer the layer
     */
    record Applied(String name, Layer layer) {
    }

    private ForwardGraph(Architecture architecture, Shape inputShape, DType dtype, boolean training, Node key,
            Node rows) {
        this.architecture = architecture;
        this.dtype = dtype;
        this.training = training;
        this.key = key;
        this.rows = rows;
        this.input = SourceOp.input("x", inputShape, dtype);
        Builder builder = new Builder(null);
        this.output = Objects.requireNonNull(architecture.build(input, builder), "architecture returned null");
        this.outputMask = builder.masks.get(output);
        this.outputMasks = java.util.Collections.unmodifiableMap(builder.outputMasks);
        this.outputLayers = builder.markedLayers.isEmpty()
                ? java.util.Collections.singletonList(builder.producers.get(output))
                : java.util.Collections.unmodifiableList(new ArrayList<>(builder.markedLayers));
    }

    /**
     * Records the masks the outputs {@code ys} of a model of several outputs carry, by output position, before
     * they are packed into one array (which carries none): {@link #outputMasks()}.
     */
    static void markOutputs(Layers layers, List<Node> ys) {
        if (layers instanceof Builder builder) {
            builder.outputMasks.clear();
            builder.markedLayers.clear();
            for (int k = 0; k < ys.size(); k++) {
                builder.markedLayers.add(builder.producers.get(ys.get(k)));
                Node mask = builder.masks.get(ys.get(k));
                if (mask != null) {
                    builder.outputMasks.put(k, mask);
                }
            }
        }
    }

    /**
     * Builds the forward graph for inputs of shape {@code inputShape} (with the batch dimension).
     *
     * @param training whether dropout and batch statistics are active
     * @param key the rank-0 random key node, or null when not training
     */
    public static ForwardGraph build(Architecture architecture, Shape inputShape, DType dtype, boolean training,
            Node key) {
        return build(architecture, inputShape, dtype, training, key, null);
    }

    /**
     * Builds the forward graph for inputs of shape {@code inputShape} (with the batch dimension), with the
     * indices of the batch's examples that per-example randomness is keyed by ({@link LayerContext#rows()}).
     *
     * @param training whether dropout and batch statistics are active
     * @param key the rank-0 random key node, or null when not training
     * @param rows the rank-1 float64 node of the examples' indices ({@code [N]}), or null when not training
     */
    public static ForwardGraph build(Architecture architecture, Shape inputShape, DType dtype, boolean training,
            Node key, Node rows) {
        Objects.requireNonNull(architecture, "architecture is null");
        return new ForwardGraph(architecture, inputShape, dtype, training, key, rows);
    }

    /** The input node {@code x}. */
    public Node input() {
        return input;
    }

    /** The output node. */
    public Node output() {
        return output;
    }

    /**
     * The model's output at another input {@code x}, with the same parameter nodes and in the same mode: e.g.
     * a boundary value {@code u(0)} beside the prediction at the collocation points. It adds no parameters,
     * layers or state updates (batch normalization's moving averages follow the main input), and dropout
     * draws from the same keys.
     *
     * @param x a node shaped like {@link #input()}, or with a concrete number of rows
     * @throws IllegalArgumentException if a layer does not accept {@code x}'s shape, or if {@code x} does not fit
     *     the model's input (a different width: the layers would need weights of other shapes), naming both types
     */
    public Node at(Node x) {
        Objects.requireNonNull(x, "at: x is null");
        return Objects.requireNonNull(architecture.build(x, new Builder(x)), "architecture returned null");
    }

    /**
     * The mask of the output, {@code m : [N, T]} (1 at a valid step, 0 at padding), as an {@code Embedding} with
     * {@code maskZero} or a {@code Masking} layer set it and the layers passed it on; null when the output
     * carries none. Losses and metrics then count only the valid steps, as Keras's.
     */
    public Node outputMask() {
        return outputMask;
    }

    /**
     * The masks {@code m_k : [N, T_k]} of the outputs of a {@link Functional} model of several outputs that carry
     * one, by output position (empty for a model of one output, whose mask is {@link #outputMask()}): output
     * {@code k}'s loss and metrics count only its valid steps, as Keras applies each output's mask to its own.
     */
    public Map<Integer, Node> outputMasks() {
        return outputMasks;
    }

    /**
     * The activity losses of the layers that declare an activity regularizer ({@link Layer#activityRegularizer()}),
     * and of the layers a wrapper applies ({@link LayerContext#addActivityLoss}), one per application and output, in
     * order: {@code R(y) / N} for an output {@code y} of N rows, Keras 3's
     * {@code add_loss(activity_regularizer(y) / batch_size)}. Each is a rank-0 node of y's dtype.
     */
    public List<Node> activityLosses() {
        return java.util.Collections.unmodifiableList(activityLosses);
    }

    /**
     * {@code R(y) / N}, N the rows of y (its first axis, counted at evaluation), 0 for an empty batch; {@code R(y)}
     * for a rank-0 y.
     */
    private static Node activityLoss(dev.adjoint.nn.regularizer.Regularizer regularizer, Node y) {
        Node penalty = regularizer.penalty(y);
        if (y.rank() == 0) {
            return penalty;
        }
        Node rows = Node.apply(new dev.adjoint.core.graph.ReduceOp.Count(List.of(0)), y).cast(penalty.dtype());
        // an empty batch adds 0, as Keras's divide_no_nan gives (the penalty of no rows is 0, and 0 / 1 = 0)
        return penalty.div(rows.maximum(1.0));
    }

    /**
     * The layer each output is the direct result of, by output position (one entry for a model of one output),
     * or null for an output computed after its last layer (or by none): e.g. a final {@code Dense} with a softmax.
     */
    List<Applied> outputLayers() {
        return outputLayers;
    }

    /** Every parameter's input node, trainable and not, in declaration order. */
    public Map<String, Node> params() {
        return params;
    }

    /** Every parameter's spec, in declaration order. */
    public Map<String, ParamSpec> specs() {
        return specs;
    }

    /** New values of non-trainable parameters, when training. */
    public Map<String, Node> stateUpdates() {
        return stateUpdates;
    }

    /** The layers in application order. */
    public List<LayerInfo> layers() {
        return layers;
    }

    /** The names of the trainable parameters, in order. */
    public List<String> trainable() {
        List<String> names = new ArrayList<>();
        specs.forEach((name, spec) -> {
            if (spec.trainable()) {
                names.add(name);
            }
        });
        return names;
    }

    /** The names of the non-trainable parameters, in order. */
    public List<String> nonTrainable() {
        List<String> names = new ArrayList<>();
        specs.forEach((name, spec) -> {
            if (!spec.trainable()) {
                names.add(name);
            }
        });
        return names;
    }

    private final class Builder implements Layers {
        /** Whether this application declares the parameters, layers and state updates (the first one does). */
        private final boolean primary;
        /** The input of {@link #at} this application is at, or null for the main input. */
        private final Node at;
        private final Map<Layer, String> names = new IdentityHashMap<>();
        private final Map<Layer, Integer> order = new IdentityHashMap<>();
        private final Map<Layer, Integer> uses = new IdentityHashMap<>();
        private final LayerNames naming = new LayerNames();

        Builder(Node at) {
            this.primary = at == null;
            this.at = at;
        }

        /** The masks of the sequences built so far ({@code [N, T]}), by node. */
        private final Map<Node, Node> masks = new IdentityHashMap<>();
        /** The masks of the outputs of a model of several outputs, by position ({@link #markOutputs}). */
        private final Map<Integer, Node> outputMasks = new java.util.TreeMap<>();
        /** The layer each node was last returned by, by node. */
        private final Map<Node, Applied> producers = new IdentityHashMap<>();
        /** The layers of the outputs of a model of several outputs, by position ({@link #markOutputs}). */
        private final List<Applied> markedLayers = new ArrayList<>();

        @Override
        public Node apply(Layer layer, Node x) {
            Objects.requireNonNull(x, "layers.apply: input is null");
            List<Node> out = applyAll(layer, List.of(x));
            if (out.size() != 1) {
                throw new IllegalArgumentException("model: layer " + layer.kind() + " gives " + out.size()
                        + " outputs; read them with layers.applyAll");
            }
            return out.get(0);
        }

        @Override
        public Node mask(Node x, Node mask) {
            Objects.requireNonNull(x, "layers.mask: x is null");
            Objects.requireNonNull(mask, "layers.mask: mask is null");
            if (x.rank() < 2 || mask.rank() != 2 || mask.shape().dim(0) != x.shape().dim(0)
                    || mask.shape().dim(1) != x.shape().dim(1)) {
                throw new IllegalArgumentException("layers.mask: the mask must be [N, T] for a sequence [N, T, ...],"
                        + " got " + mask.type() + " for " + x.type());
            }
            masks.put(x, mask);
            return x;
        }

        @Override
        public List<Node> applyAll(Layer layer, List<Node> inputs) {
            Objects.requireNonNull(layer, "layers.apply: layer is null");
            Objects.requireNonNull(inputs, "layers.apply: inputs is null");
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("layers.apply: layer " + layer.kind() + " needs an input, got none");
            }
            List<Shape> shapes = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                shapes.add(Objects.requireNonNull(inputs.get(i), "layers.apply: input " + i + " is null").shape());
            }
            Node x = inputs.get(0);
            List<Shape> out = layer.outputShapes(shapes);
            boolean first = !names.containsKey(layer);
            String name = first ? nameOf(layer) : names.get(layer);
            // Distinct per layer and per application, so a shared dropout layer draws a new mask each time.
            int applications = uses.merge(layer, 1, Integer::sum) - 1;
            long salt = order.get(layer) + ((long) applications << 32);
            Map<String, Node> local = new LinkedHashMap<>();
            long count = 0;
            for (ParamSpec spec : layer.params(shapes)) {
                String full = name + "/" + spec.name();
                if (spec.constraint().isPresent()) {
                    spec.constraint().get().check(spec.shape(), "weight '" + spec.name() + "' of layer '" + name + "'");
                }
                Node node = params.get(full);
                if (node == null) {
                    if (!primary) {
                        throw new IllegalArgumentException("model: layer '" + name + "' declares parameter '"
                                + spec.name() + "' only when applied at another input; an architecture must apply"
                                + " the same layers every time");
                    }
                    node = SourceOp.input(full, spec.shape(), spec.dtypeIn(dtype));
                    params.put(full, node);
                    specs.put(full, spec);
                } else if (!specs.get(full).shape().equals(spec.shape())
                        || specs.get(full).dtypeIn(dtype) != spec.dtypeIn(dtype)) {
                    if (!primary && !Objects.equals(at.type(), input.type())) {
                        throw new IllegalArgumentException("at: x must fit the model's input " + input.type()
                                + " (any number of rows), got " + at.type() + "; at x layer '" + name + "' would need '"
                                + spec.name() + "' : " + spec.dtypeIn(dtype).shortName() + spec.shape()
                                + ", the model's is " + specs.get(full).dtypeIn(dtype).shortName()
                                + specs.get(full).shape());
                    }
                    throw new IllegalArgumentException("model: layer '" + name + "' is applied to inputs that need "
                            + "different weight types, got " + specs.get(full).dtypeIn(dtype).shortName()
                            + specs.get(full).shape() + " and " + spec.dtypeIn(dtype).shortName() + spec.shape()
                            + " for '" + spec.name() + "'");
                }
                local.put(spec.name(), node);
                count += spec.shape().size();
            }
            List<Node> inputMasks = new ArrayList<>();
            for (Node input : inputs) {
                inputMasks.add(masks.get(input));
            }
            Context context = new Context(name, local, salt, inputMasks);
            List<Node> y;
            try (Provenance.Scope label = Provenance.label("layer '" + name + "'")) {
                y = List.copyOf(layer.applyAll(inputs, context));
            } catch (IllegalArgumentException e) {
                // an op the layer builds rejected its operands (an integer input to a product, say): say which layer
                throw new IllegalArgumentException("model: layer '" + name + "' (" + layer.kind() + ") applied to "
                        + describe(inputs) + ": " + e.getMessage(), e);
            }
            if (y.size() != out.size()) {
                throw new IllegalStateException("model: layer '" + name + "' built " + y.size() + " outputs but its"
                        + " outputShapes says " + out.size());
            }
            for (int i = 0; i < y.size(); i++) {
                if (!y.get(i).shape().equals(out.get(i))) {
                    throw new IllegalStateException("model: layer '" + name + "' built " + y.get(i).type()
                            + (y.size() > 1 ? " for output " + i : "") + " but its outputShape says " + out.get(i));
                }
            }
            if (layer.activityRegularizer() != null) {
                for (Node output : y) {
                    context.addActivityLoss(layer.activityRegularizer(), output);
                }
            }
            Node outMask = context.outputMaskSet ? context.outputMask : keptMask(x, y.get(0), masks.get(x));
            if (outMask != null) {
                masks.put(y.get(0), outMask);
            }
            if (first && primary) {
                layers.add(new LayerInfo(name, layer.kind(), out, count, !(layer instanceof Frozen)));
            }
            for (Node node : y) {
                producers.put(node, new Applied(name, layer));
            }
            return y;
        }

        /** The inputs' types, e.g. {@code i64[N, 4, 3], f64[N, 4, 3]}. */
        private static String describe(List<Node> inputs) {
            StringBuilder b = new StringBuilder();
            for (Node input : inputs) {
                b.append(b.length() == 0 ? "" : ", ").append(input.type());
            }
            return b.toString();
        }

        /** The default rule: the input's mask passes on when the output keeps the time axis. */
        private static Node keptMask(Node x, Node y, Node mask) {
            return mask != null && y.rank() >= 3 && x.rank() >= 3 && y.shape().dim(1) == x.shape().dim(1) ? mask : null;
        }

        private String nameOf(Layer layer) {
            String name = naming.assign(layer);
            names.put(layer, name);
            order.put(layer, order.size());
            return name;
        }

        private final class Context implements LayerContext {
            private final String layer;
            private final Map<String, Node> local;
            private final long salt;
            /** The masks of the inputs, by position; an element is null for an input without one. */
            private final List<Node> inputMasks;
            private Node outputMask;
            private boolean outputMaskSet;

            Context(String layer, Map<String, Node> local, long salt, List<Node> inputMasks) {
                this.layer = layer;
                this.local = local;
                this.salt = salt;
                this.inputMasks = inputMasks;
            }

            @Override
            public Node mask() {
                return inputMasks.get(0);
            }

            @Override
            public Node mask(int i) {
                return i >= 0 && i < inputMasks.size() ? inputMasks.get(i) : null;
            }

            @Override
            public void maskOutput(Node mask) {
                outputMask = mask;
                outputMaskSet = true;
            }

            /** Adds {@code R(y) / N} to {@link #activityLosses()}, once: at the main input's application. */
            @Override
            public void addActivityLoss(dev.adjoint.nn.regularizer.Regularizer regularizer, Node y) {
                if (primary) {
                    try (Provenance.Scope label = Provenance.label("layer '" + layer + "' activity regularizer")) {
                        activityLosses.add(activityLoss(regularizer, y));
                    }
                }
            }

            @Override
            public Node param(String name) {
                Node node = local.get(name);
                if (node == null) {
                    throw new IllegalArgumentException("layer '" + layer + "': parameter '" + name
                            + "' is not declared; declared: " + local.keySet());
                }
                return node;
            }

            @Override
            public boolean training() {
                return training;
            }

            @Override
            public Node key() {
                if (key == null) {
                    throw new IllegalStateException("layer '" + layer + "': no random key outside training");
                }
                return key;
            }

            @Override
            public Node rows() {
                if (rows == null) {
                    throw new IllegalStateException("layer '" + layer + "': no example indices outside training");
                }
                return rows;
            }

            @Override
            public long salt() {
                return salt;
            }

            @Override
            public DType dtype() {
                return dtype;
            }

            @Override
            public void updateState(String name, Node newValue) {
                Node state = param(name);
                if (!newValue.shape().equals(state.shape()) || newValue.dtype() != state.dtype()) {
                    throw new IllegalArgumentException("layer '" + layer + "': new value of '" + name + "' must be "
                            + state.type() + ", got " + newValue.type());
                }
                if (training && primary) {
                    stateUpdates.put(layer + "/" + name, newValue);
                }
            }
        }
    }
}
