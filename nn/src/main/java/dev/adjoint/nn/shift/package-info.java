/**
 * Correcting for distribution shift between training data and the data a model meets: covariate shift
 * ({@link dev.adjoint.nn.shift.CovariateShift}: a domain classifier trained with Adjoint gives importance
 * weights, {@link dev.adjoint.nn.shift.ImportanceWeights}, with its AUC and the effective sample size) and
 * label shift ({@link dev.adjoint.nn.shift.LabelShift}: black-box shift estimation of the target's label
 * distribution, class weights, and re-weighting of predicted probabilities without retraining).
 */
package dev.adjoint.nn.shift;
