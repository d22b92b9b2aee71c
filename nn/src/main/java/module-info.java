/**
 * Adjoint's neural networks: layers, activations, initializers, losses, metrics, regularizers, models and how
 * they train, model files, callbacks, data pipelines, hyperparameter search, distribution shift, and the
 * optional Apache Spark training ({@code dev.adjoint.nn.spark}).
 *
 * <p>Spark's jars have no valid module names (a name derived from {@code spark-core_2.13} is not a Java
 * identifier), so no module can require them: the Spark package is compiled reading the class path
 * ({@code --add-reads dev.adjoint.nn=ALL-UNNAMED}), and it runs on the class path, as {@code spark-submit}
 * runs programs.
 */
@SuppressWarnings("requires-automatic") // XChart declares its module name in its manifest only
module dev.adjoint.nn {
    requires transitive dev.adjoint.optim;
    requires transitive io.vavr; // ModelState holds vavr maps
    requires com.fasterxml.jackson.databind;
    requires me.tongfei.progressbar;
    requires org.apache.commons.csv;
    requires org.knowm.xchart;
    // XChart (an automatic module, which declares no dependencies) draws the PNG charts with java.desktop
    requires java.desktop;

    exports dev.adjoint.nn;
    exports dev.adjoint.nn.activation;
    exports dev.adjoint.nn.callback;
    exports dev.adjoint.nn.constraint;
    exports dev.adjoint.nn.data;
    exports dev.adjoint.nn.init;
    exports dev.adjoint.nn.io;
    exports dev.adjoint.nn.layer;
    exports dev.adjoint.nn.layer.augment;
    exports dev.adjoint.nn.layer.conv;
    exports dev.adjoint.nn.loss;
    exports dev.adjoint.nn.metric;
    exports dev.adjoint.nn.model;
    exports dev.adjoint.nn.regularizer;
    exports dev.adjoint.nn.shift;
    exports dev.adjoint.nn.spark;
    exports dev.adjoint.nn.tune;

    // Jackson binds the configuration records of model files (package-private ones among them) by reflection
    opens dev.adjoint.nn.io to com.fasterxml.jackson.databind;
}
