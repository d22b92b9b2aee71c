package dev.adjoint.examples;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainStep;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import java.util.Locale;

/**
 * A physics-informed network: an MLP u(x) trained so that u' + u = 0 on [0, 2] and u(0) = 1, whose solution
 * is exp(-x). The objective differentiates the network's output with respect to its input, and the library's
 * own training step (compiled once) minimizes it. Prints the largest error against exp(-x) on a fine grid.
 */
public class PhysicsInformed {

    static double solve(int steps) {
        Sequential u = new Sequential(Shape.of(1), DType.FLOAT64, 3);       // u(x): 1 -> 16 -> 16 -> 1
        u.add(Dense.of(16, new Tanh()));
        u.add(Dense.of(16, new Tanh()));
        u.add(Dense.of(1));
        u.compile(Adam.defaults().withLearningRate(Schedule.exponentialDecay(0.01, steps, 0.01, false)),
                new MeanSquaredError());

        // The objective sees the model: the residual of u' + u = 0 at the inputs, and u(0) - 1.
        Node zero = SourceOp.constant(Tensor.zeros(DType.FLOAT64, Shape.of(1, 1)));
        TrainStep step = u.trainStep(Shape.of(Shape.BATCH, 1), (targets, net) -> {
            Node ux = net.output();
            Node dudx = Autodiff.grad(ux.sum(), net.input());            // u'(x), row by row
            Node boundary = net.at(zero).sub(1.0);                       // u(0) - 1
            return dudx.add(ux).square().mean().add(boundary.square().sum());
        });

        Tensor x = grid(64);
        Tensor noTargets = Tensor.zeros(DType.FLOAT64, x.shape());       // the objective ignores them
        ModelState state = u.state();
        for (int i = 0; i < steps; i++) {
            state = step.apply(state, x, noTargets, Key.of(i), 1.0).state();
        }
        u.setState(state);

        Tensor fine = grid(1001);
        Tensor predicted = u.predict(fine);
        double maxError = 0;
        for (int i = 0; i < fine.size(); i++) {
            maxError = Math.max(maxError, Math.abs(predicted.flat(i) - Math.exp(-fine.flat(i))));
        }
        return maxError;
    }

    /** {@code n} evenly spaced points of [0, 2], as a column. */
    static Tensor grid(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2.0 * i / (n - 1);
        }
        return Tensor.of(DType.FLOAT64, Shape.of(n, 1), x);
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        System.out.printf(Locale.ROOT, "RESULT pinn max_abs_error=%.2e%n", solve(steps));
    }
}
