/**
 * The {@code pinn} command line (picocli): {@code run}, {@code demo}, {@code list}, {@code survey}, {@code batch},
 * {@code report}, {@code predict}, {@code lesson} and {@code bench}. Input errors exit with code 2 and a message
 * naming the field, the value and what is allowed; failures exit with 1.
 */
package pinn4j.app.cli;
