/**
 * Adjoint's core: tensors, the immutable expression graph, automatic differentiation, the graph compiler,
 * compiled functions, the property-testing harness, printing and safetensors files.
 *
 * <p>Exported to everyone: the API packages. Exported only to Adjoint's own modules: the kernels (which work
 * on tensors' storage and recycle arrays) and {@code tensor.internal} (the door to a tensor's storage); a
 * user's named module can neither compile against them nor reach them by reflection, so tensors stay
 * immutable (except tensors their holder donates to a compiled function with {@code Function.reclaim} and
 * then keeps using, against that method's contract). On the class path there are no module boundaries:
 * everything public is reachable there.
 *
 * <p>The Vector API kernels need {@code jdk.incubator.vector}, which is optional: without
 * {@code --add-modules jdk.incubator.vector} the portable kernels run.
 */
@SuppressWarnings("module") // the qualified exports name modules built after this one
module dev.adjoint.core {
    requires io.vavr;
    requires com.fasterxml.jackson.databind;
    requires static jdk.incubator.vector;

    exports dev.adjoint.core.autodiff;
    exports dev.adjoint.core.check;
    exports dev.adjoint.core.compile;
    exports dev.adjoint.core.eval;
    exports dev.adjoint.core.graph;
    exports dev.adjoint.core.io;
    exports dev.adjoint.core.print;
    exports dev.adjoint.core.tensor;

    exports dev.adjoint.core.kernel to dev.adjoint.optim, dev.adjoint.nn;
    exports dev.adjoint.core.tensor.internal to dev.adjoint.optim, dev.adjoint.nn;

    // the seams through which layers outside the reference core plug in (also in META-INF/services, for the
    // class path; ModuleBoundaryTest checks that the two lists agree)
    uses dev.adjoint.core.autodiff.Pullbacks;
    uses dev.adjoint.core.graph.Annotator;
    uses dev.adjoint.core.graph.Subgraph.Differentiator;
    uses dev.adjoint.core.graph.Subgraph.Evaluator;

    provides dev.adjoint.core.autodiff.Pullbacks with dev.adjoint.core.autodiff.MarkedPullbacks;
    provides dev.adjoint.core.graph.Annotator with dev.adjoint.core.graph.Provenance.Notes;
    provides dev.adjoint.core.graph.Subgraph.Differentiator with dev.adjoint.core.autodiff.SubgraphVjp;
    provides dev.adjoint.core.graph.Subgraph.Evaluator with dev.adjoint.core.eval.CompiledSubgraphs;
}
