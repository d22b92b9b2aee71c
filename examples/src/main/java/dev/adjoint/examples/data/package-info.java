/** Loading the shipped datasets and Fashion-MNIST's IDX files; splits and standardization. */
package dev.adjoint.examples.data;
