/** Status conditions (Ready, Progressing, Degraded) and their reasons. */
package dev.resumable.operator.conditions;
