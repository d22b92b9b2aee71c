package dev.adjoint.optim;

import java.util.stream.Stream;

/** Every optimizer, in every state layout, with rates large enough to move the tiny problems in a few steps. */
final class AllOptimizers {

    private AllOptimizers() {
    }

    static Stream<Optimizer> all() {
        return Stream.of(
                Sgd.defaults().withLearningRate(0.05),
                Momentum.defaults().withLearningRate(0.05),
                Momentum.defaults().withNesterov(true).withLearningRate(0.05),
                Adagrad.defaults().withLearningRate(0.1),
                Adadelta.defaults().withLearningRate(1.0),
                RMSprop.defaults().withLearningRate(0.01),
                RMSprop.defaults().withLearningRate(0.01).withMomentum(0.5).withCentered(true),
                Adam.defaults().withLearningRate(0.05),
                Adam.defaults().withLearningRate(0.05).withAmsgrad(true),
                AdamW.defaults().withLearningRate(0.05).withWeightDecay(0.1));
    }
}
