/**
 * Implementation, not API: the Taylor-mode network block (also for per-row and per-member parameter copies),
 * tensor algebra of the residual, the loss assembly (as terms, and as a residual vector with its Jacobian), the
 * fitted parameters as trained tensors, the flat parameter vector and engine helpers. Public only so the solver's
 * own packages can reach it; no other
 * module imports it (a test checks), and it may change in any release.
 */
package pinn4j.solver.internal;
