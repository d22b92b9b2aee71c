/**
 * The datasets shipped with the examples (digits, diabetes, iris), read with the library's
 * {@code dev.adjoint.nn.data}.
 */
package dev.adjoint.examples.data;
