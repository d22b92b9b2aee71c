/**
 * Gradient checking and property-based testing, public so that users test their own ops the way the library
 * tests itself: {@link dev.adjoint.core.check.GradCheck} compares symbolic derivatives with central
 * differences; {@link dev.adjoint.core.check.Property} runs a body on generated cases
 * ({@link dev.adjoint.core.check.Gen}, {@link dev.adjoint.core.check.Gens},
 * {@link dev.adjoint.core.graph.Domain}), reports the seed and shrinks failures.
 */
package dev.adjoint.core.check;

import dev.adjoint.core.graph.Domain;
