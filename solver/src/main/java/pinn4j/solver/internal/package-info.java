/**
 * Implementation, not API: the Taylor-mode network block, tensor algebra of the residual, the loss assembly,
 * the fitted parameters as trained tensors, the flat parameter vector and engine helpers. Public only so the solver's own packages can reach it; no other
 * module imports it (a test checks), and it may change in any release.
 */
package pinn4j.solver.internal;
