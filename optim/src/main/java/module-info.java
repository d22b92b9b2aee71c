/**
 * Adjoint's optimizers and learning-rate schedules, built from graph ops ({@code dev.adjoint.optim}).
 */
module dev.adjoint.optim {
    requires transitive dev.adjoint.core;

    exports dev.adjoint.optim;
}
