package dev.adjoint.core.graph;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Tolerance;
import dev.adjoint.core.tensor.DType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A row of the op table that {@link OpPropertiesTest} turns into properties: the op's name, a generator of
 * cases per dtype, and what the op claims. A row tests the op at the root of the nodes its cases build (its
 * <em>subject</em>, which {@link OpCoverageTest} requires for every op record), unless it is marked a
 * composition (square, mean, softmax, ...: built from other ops, which have rows of their own).
 *
 * @param name the op as named in test reports
 * @param cases the generator of cases in a dtype
 * @param claims what to check beyond the shape rule
 * @param float64 the tolerance of the float64 central-difference checks
 * @param float32 the tolerance of the float32 central-difference checks
 * @param composition true when the row tests a composition of ops, not the op at its root
 * @param batched true when some of its cases declare an argument with the symbolic batch dimension
 */
record OpSpec(String name, Function<DType, Gen<OpCase>> cases, Set<Claim> claims, Tolerance float64,
        Tolerance float32, boolean composition, boolean batched) {

    /** What an op claims, each claim checked by a property. */
    enum Claim {
        /** Its VJP equals central differences (and is linear in the cotangent). */
        DIFFERENTIABLE,
        /** Its gradient is zero by definition (stopGradient, comparisons, sign). */
        ZERO_GRADIENT,
        /** Linear in all differentiable arguments jointly: the adjoint identity holds with f(t) = J t. */
        LINEAR,
        /** Linear in each differentiable argument with the others fixed (mul, matmul). */
        MULTILINEAR,
        /** Its gradient graph can be differentiated again: H v matches central differences of the gradient. */
        SECOND_ORDER,
        /** Not differentiable at all (oneHot, sources, random): only the shape rule is checked. */
        SHAPE_ONLY,
        /**
         * It stands for another graph (a fused or compiled form): its values equal those of the case's
         * {@link OpCase#reference()}, bit for bit.
         */
        EQUALS_REFERENCE
    }

    OpSpec {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(cases, "cases is null");
        claims = Set.copyOf(claims);
    }

    /** A differentiable op with the default tolerances and the given further claims. */
    static OpSpec of(String name, Function<DType, Gen<OpCase>> cases, Claim... claims) {
        EnumSet<Claim> set = EnumSet.noneOf(Claim.class);
        set.addAll(java.util.Arrays.asList(claims));
        if (!set.contains(Claim.ZERO_GRADIENT) && !set.contains(Claim.SHAPE_ONLY)) {
            set.add(Claim.DIFFERENTIABLE);
        }
        return new OpSpec(name, cases, set, Tolerance.FLOAT64, Tolerance.FLOAT32, false, true);
    }

    /** This spec with another float64 tolerance; give the reason in a comment where it is called. */
    OpSpec withFloat64(Tolerance tolerance) {
        return new OpSpec(name, cases, claims, tolerance, float32, composition, batched);
    }

    /** This spec marked as testing a composition of ops (no subject of its own). */
    OpSpec asComposition() {
        return new OpSpec(name, cases, claims, float64, float32, true, batched);
    }

    /** This spec for an op that never takes the symbolic batch dimension (a constant, a random draw). */
    OpSpec unbatched() {
        return new OpSpec(name, cases, claims, float64, float32, composition, false);
    }

    /** True when its cases differentiate the op (all but the shape-only rows). */
    boolean differentiated() {
        return !claims.contains(Claim.SHAPE_ONLY);
    }

    boolean claims(Claim claim) {
        return claims.contains(claim);
    }

    @Override
    public String toString() {
        return name;
    }
}
