/**
 * Watching training: the live window (XChart Swing panels redrawn while training runs) and the training
 * animation, recorded as numbers during training and drawn afterwards.
 */
package pinn4j.app.live;
