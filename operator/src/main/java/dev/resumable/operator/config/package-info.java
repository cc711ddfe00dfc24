/** Configuration of the operator process, read from the environment. */
package dev.resumable.operator.config;
