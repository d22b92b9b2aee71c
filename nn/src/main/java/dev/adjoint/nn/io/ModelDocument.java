package dev.adjoint.nn.io;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.Compilation;
import dev.adjoint.nn.model.FitProgress;
import java.util.List;

/**
 * The JSON document stored under {@link ModelFiles#METADATA_KEY}, version 5 (snake_case keys):
 *
 * <pre>{@code
 * {"format": "adjoint.model", "format_version": 5,
 *  "model": {"type": "sequential", "input_features": [4], "dtype": "FLOAT32", "seed": 7,
 *            "layers": [{"type": "dense", "units": 8, "activation": {"type": "relu"}, "use_bias": true,
 *                        "kernel_initializer": {"type": "glorot_uniform"}, ...}, ...],
 *            "inputs": null, "outputs": null},
 *  "compilation": {"optimizer": {"type": "adam", "learning_rate": {"type": "constant", "learning_rate": 0.01},
 *                                "beta1": 0.9, ...},
 *                  "loss": {"type": "sparse_categorical_crossentropy", "from_logits": true},
 *                  "metrics": [{"type": "sparse_categorical_accuracy"}]},
 *  "step": 12,
 *  "fit": {"epoch": 4, "seed": 9, "learning_rate_factor": 0.5,
 *          "callbacks": {"ReduceLROnPlateau": {"best": 0.31, "cooling": 0, "wait": 1}}}}
 * }</pre>
 *
 * {@code model.type} is {@code sequential} (the layers are listed) or {@code functional} (the architecture
 * is Java code and {@code layers} is null); a functional model of several inputs and outputs lists them in
 * {@code inputs} ({@code [{"name": "image", "features": [28, 28], "dtype": null}, ...]}, the packed
 * {@code input_features} being their total width) and {@code outputs} (names), null otherwise;
 * {@code compilation} and {@code fit} may be null.
 *
 * @param format always {@link ModelFiles#FORMAT}
 * @param formatVersion {@link ModelFiles#FORMAT_VERSION}
 * @param model the architecture
 * @param compilation optimizer, loss and metrics, or null for a model that was never compiled
 * @param step the number of training steps taken
 * @param fit where a fit run stood, or null
 */
record ModelDocument(String format, int formatVersion, ModelConfig model, Compilation compilation, long step,
        FitProgress fit) {

    /** The type of a model whose layers are listed. */
    static final String SEQUENTIAL = "sequential";
    /** The type of a model whose architecture is code. */
    static final String FUNCTIONAL = "functional";

    /**
     * The architecture.
     *
     * @param type {@link #SEQUENTIAL} or {@link #FUNCTIONAL}
     * @param inputFeatures the shape of one example, without the batch axis
     * @param dtype the dtype of weights and computation
     * @param seed the weight-initialization seed
     * @param layers the layers bottom first, or null for a functional model
     * @param inputs the named inputs of a functional model of several inputs and outputs, else null
     * @param outputs the output names of such a model, else null
     */
    record ModelConfig(String type, int[] inputFeatures, DType dtype, long seed, List<Layer> layers,
            List<InputConfig> inputs, List<String> outputs) {
    }

    /**
     * A named input of a functional model.
     *
     * @param name the input's name
     * @param features the shape of one example, without the batch axis
     * @param dtype the input's dtype inside the graph, or null for the model's
     */
    record InputConfig(String name, int[] features, DType dtype) {
    }
}
