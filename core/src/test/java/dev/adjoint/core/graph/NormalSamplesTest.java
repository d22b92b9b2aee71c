package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The graph's normal samplers: {@code normal} is {@code Tensor.normal(key, dtype, shape, 0, 1)} of the key its key
 * tensor and salt derive, bit for bit, with the batch dimension bound at run time; {@code normalByRow}'s row r is
 * that of {@code key.fold(rows[r])}, so a row's noise does not depend on the batch it is in; the samples are
 * standard normal (moments within five standard errors); a reparameterized sample {@code mu + sigma z} has the
 * gradients {@code 1} and {@code z}.
 */
class NormalSamplesTest {

    @Test
    void normalIsTheTensorSampleOfTheDerivedKeyWithTheBatchBoundAtRunTime() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Node key = SourceOp.input("key", Shape.scalar(), DType.INT64);
            Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3), dtype);
            Node z = RandomOp.normal(key, x.shape(), dtype, 7).add(x);
            Tensor keyValue = Tensor.scalar(DType.INT64, 12345);
            Tensor y = Function.of(List.of(key, x), List.of(z)).call(keyValue, Tensor.zeros(dtype, Shape.of(4, 3)))
                    .get(0);
            Tensor expected = Tensor.normal(Key.of(12345).fold(7), dtype, Shape.of(4, 3), 0, 1);
            assertTrue(y.sameValues(expected), dtype + ": " + y + " vs " + expected);
            assertEquals(dtype, y.dtype());
        }
    }

    @Test
    void eachRowIsTheSampleOfItsFoldedKey() {
        Shape shape = Shape.of(6, 2, 3);
        Tensor rows = Tensor.of(DType.INT64, Shape.of(6), 5, 0, 17, 3, 3, 1000);
        Tensor keyTensor = Tensor.scalar(DType.INT64, 42);
        Tensor y = new RandomOp.NormalByRow(shape, DType.FLOAT64, 3).forward(List.of(keyTensor, rows), shape);
        Key key = Key.of(42).fold(3);
        for (int r = 0; r < 6; r++) {
            Tensor expected = Tensor.normal(key.fold((long) rows.flat(r)), DType.FLOAT64, Shape.of(6), 0, 1);
            for (int j = 0; j < 6; j++) {
                assertEquals(Double.doubleToRawLongBits(expected.flat(j)),
                        Double.doubleToRawLongBits(y.flat(r * 6 + j)),
                        "row " + r + " element " + j);
            }
        }
        // rows 3 and 4 share the index 3: the same noise, whatever else is in the batch
        for (int j = 0; j < 6; j++) {
            assertEquals(y.flat(3 * 6 + j), y.flat(4 * 6 + j));
        }
    }

    @Test
    void theSamplesAreStandardNormal() {
        int n = 200_000;
        Node key = SourceOp.input("key", Shape.scalar(), DType.INT64);
        double[] z = Function.of(List.of(key), List.of(RandomOp.normal(key, Shape.of(n), DType.FLOAT64, 0)))
                .call(Tensor.scalar(DType.INT64, 9)).get(0).toDoubleArray();
        double mean = IntStream.range(0, n).mapToDouble(i -> z[i]).sum() / n;
        double variance = IntStream.range(0, n).mapToDouble(i -> (z[i] - mean) * (z[i] - mean)).sum() / (n - 1);
        double beyondTwo = IntStream.range(0, n).filter(i -> Math.abs(z[i]) > 2).count() / (double) n;
        // standard errors: mean 1/sqrt(n), variance sqrt(2/n), a proportion p = 0.0455 sqrt(p(1-p)/n)
        assertEquals(0.0, mean, 5 / Math.sqrt(n));
        assertEquals(1.0, variance, 5 * Math.sqrt(2.0 / n));
        assertEquals(0.0455, beyondTwo, 5 * Math.sqrt(0.0455 * 0.9545 / n));
    }

    @Test
    void aReparameterizedSampleHasTheGradientsOneAndTheNoise() {
        Node key = SourceOp.input("key", Shape.scalar(), DType.INT64);
        Node mu = SourceOp.input("mu", Shape.of(5));
        Node sigma = SourceOp.input("sigma", Shape.of(5));
        Node noise = RandomOp.normal(key, Shape.of(5), DType.FLOAT64, 1);
        Node f = mu.add(sigma.mul(noise)).sum();
        List<Node> grads = Autodiff.grad(f, mu, sigma);
        Tensor k = Tensor.scalar(DType.INT64, 3);
        Tensor ones = Tensor.of(DType.FLOAT64, Shape.of(5), 1, 1, 1, 1, 1);
        List<Tensor> got = Function.of(List.of(key, mu, sigma), List.of(grads.get(0), grads.get(1), noise))
                .call(k, ones, ones);
        assertTrue(got.get(0).sameValues(ones), "d/dmu = 1");
        assertTrue(got.get(1).sameValues(got.get(2)), "d/dsigma = z");
    }

    @Test
    void badKeysAndShapesAreRefusedByName() {
        Node key = SourceOp.input("key", Shape.of(2), DType.INT64);
        rejects(IllegalArgumentException.class, () -> RandomOp.normal(key, Shape.of(3), DType.FLOAT64, 0),
                "normal: takes one rank-0 key");
        Node scalarKey = SourceOp.input("key", Shape.scalar(), DType.INT64);
        rejects(IllegalArgumentException.class, () -> RandomOp.normal(scalarKey, Shape.of(3), DType.INT64, 0),
                "normal");
        rejects(IllegalArgumentException.class, () -> new RandomOp.NormalByRow(Shape.scalar(), DType.FLOAT64, 0),
                "normal_by_row: the sample needs a row axis");
        Node rows = SourceOp.input("rows", Shape.of(4), DType.INT64);
        rejects(IllegalArgumentException.class, () -> RandomOp.normalByRow(scalarKey, rows, Shape.of(3, 2),
                DType.FLOAT64, 0), "normal_by_row: takes a rank-0 key and one row index per row of [3, 2]");
        Tensor negative = Tensor.of(DType.INT64, Shape.of(1), -1);
        rejects(IllegalArgumentException.class, () -> new RandomOp.NormalByRow(Shape.of(1), DType.FLOAT64, 0)
                .forward(List.of(Tensor.scalar(DType.INT64, 1), negative), Shape.of(1)),
                "normal_by_row: row indices must be integers in [0, 2^53), got -1.0 at row 0");
    }
}
